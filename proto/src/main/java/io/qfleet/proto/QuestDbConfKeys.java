package io.qfleet.proto;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server.conf keys a QuestDB version knows: the property paths its {@code io.questdb.PropertyKey}
 * enum declares, which strict validation looks every key up in (QUESTDB.md 5: a key it does not find
 * fails the start with exit 55). Read from the class file's constant pool, never by loading the class:
 * neither the agent (from the jars it installs) nor the coordinator (from the tarball) runs a
 * distribution's code. One reading for both sides, so the plan and the stage step agree.
 *
 * <p>Every string constant that starts with a lower-case letter is taken: keys are written so
 * ({@code cairo.sql.copy.root}, the prefix {@code http.redirect.}, the dotless {@code readonly}), while
 * the enum's constant names ({@code CAIRO_ROOT}) are upper case. So the set holds every key and maybe
 * a few other strings: harmless, since the checks built on it refuse only keys missing from it.
 */
public final class QuestDbConfKeys {
    /** Where the enum lives in {@code questdb.jar}. */
    public static final String PROPERTY_KEY_CLASS = "io/questdb/PropertyKey.class";
    /** The flag that makes unknown keys fatal rather than a warning; QuestDB reads it with Boolean.parseBoolean. */
    public static final String STRICT_KEY = "config.validation.strict";
    /** A string constant that may be a key: lower case first, no blanks. */
    private static final Pattern KEY = Pattern.compile("[a-z][a-zA-Z0-9._-]*");
    private static final int CLASS_MAGIC = 0xCAFEBABE;

    private QuestDbConfKeys() {}

    /** The keys of a {@code PropertyKey} class file; empty when it declares none. */
    public static Optional<Set<String>> fromClassFile(InputStream classFile) throws IOException {
        requireNonNull(classFile, "classFile");
        Set<String> keys = new HashSet<>();
        for (String constant : stringConstants(classFile)) {
            if (KEY.matcher(constant).matches()) {
                keys.add(constant);
            }
        }
        return keys.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(keys));
    }

    /** The {@code CONSTANT_String} values of a class file (JVMS 4.4), in pool order. */
    public static List<String> stringConstants(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(requireNonNull(classFile, "classFile"));
        if (in.readInt() != CLASS_MAGIC) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> strings = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // Utf8: u2 length, modified UTF-8, which readUTF decodes
                case 8 -> strings.add(in.readUnsignedShort()); // String -> a Utf8 index
                case 7, 16, 19, 20 -> in.skipNBytes(2); // Class, MethodType, Module, Package
                case 15 -> in.skipNBytes(3); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> { // Long, Double take two slots
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        List<String> values = new ArrayList<>(strings.size());
        for (int index : strings) {
            if (index <= 0 || index >= count || utf8[index] == null) {
                throw new IOException("string constant points at " + index + ", no Utf8 entry");
            }
            values.add(utf8[index]);
        }
        return values;
    }

    /** Whether QuestDB validates strictly with this value of {@link #STRICT_KEY} (null when unset): as it reads it. */
    public static boolean strict(String value) {
        return Boolean.parseBoolean(value);
    }
}
