package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.progress.JsonLinesRenderer;
import io.qfleet.coordinator.progress.PlainRenderer;
import io.qfleet.coordinator.progress.ProgressListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Shared by commands that print results: {@code --output text|json} and {@code -v/--verbose}. */
public final class OutputOptions {

    /** Text lines for people and logs, or JSON lines for scripts. */
    public enum Format { TEXT, JSON }

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text", converter = FormatConverter.class,
            description = "text: lines for people and logs (default); json: one JSON object per line.")
    private Format format = Format.TEXT;

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

    /** The progress renderer for the chosen format. */
    public ProgressListener renderer(PrintWriter out, Clock clock) {
        return json() ? new JsonLinesRenderer(out, clock) : new PlainRenderer(out, clock);
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
