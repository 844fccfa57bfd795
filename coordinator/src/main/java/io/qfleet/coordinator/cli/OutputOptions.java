package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.progress.ProgressListener;
import io.qfleet.coordinator.progress.RendererChoice;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Shared by commands that print results: {@code --output text|json}, {@code --no-live} and {@code -v/--verbose}. */
public final class OutputOptions {

    /** Text lines for people and logs, or JSON lines for scripts. */
    public enum Format { TEXT, JSON }

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text", converter = FormatConverter.class,
            description = "text: lines for people and logs (default); json: one JSON object per line.")
    private Format format = Format.TEXT;

    @Option(names = "--no-live", description = "Plain lines even in a terminal, instead of the live per-host view.")
    private boolean noLive;

    @Option(names = {"-v", "--verbose"}, description = "More detail, and the stack trace of an error.")
    private boolean verbose;

    public Format format() {
        return format;
    }

    public boolean json() {
        return format == Format.JSON;
    }

    public boolean verbose() {
        return verbose;
    }

    /**
     * The progress renderer for the chosen format: JSON lines; else the live view when this
     * process runs in an interactive terminal ({@code NO_COLOR} unset, {@code TERM} not dumb, no
     * {@code --no-live}), which draws on that terminal; else plain lines on {@code out}.
     */
    public ProgressListener renderer(PrintWriter out, Clock clock) {
        return RendererChoice.choose(json(), !noLive, out, clock);
    }

    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "text":
                    return Format.TEXT;
                case "json":
                    return Format.JSON;
                default:
                    throw new TypeConversionException("'" + value + "' is not an output format (expected text or json)");
            }
        }
    }
}
