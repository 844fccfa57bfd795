package io.qfleet.agent.secrets;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.tls.PrivateFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The PG wire credentials the agent itself connects with. They start as the settings'
 * ({@code questdb.pg_user}, {@code questdb.pg_password_file}) and follow the Enterprise steps: the
 * built-in admin with the password the agent generated for the override, then the operator's first
 * admin account once the built-in admin is disabled. Those live in {@code <state_dir>/pg-credentials}
 * (0600, written atomically); removing the file goes back to the settings. Never logged.
 */
public final class PgCredentials {
    static final String FILE = "pg-credentials";

    /** A user and password; {@link #toString()} hides the password. */
    public record Login(String user, String password) {
        public Login {
            requireNonNull(user, "user");
            requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Login[" + user + ", ***]";
        }
    }

    private final Path file;
    private final String settingsUser;
    private final Supplier<String> settingsPassword;

    public PgCredentials(Path stateDir, String settingsUser, Supplier<String> settingsPassword) {
        this.file = requireNonNull(stateDir, "stateDir").resolve(FILE);
        this.settingsUser = requireNonNull(settingsUser, "settingsUser");
        this.settingsPassword = requireNonNull(settingsPassword, "settingsPassword");
    }

    /** What the agent connects with now. */
    public Login current() {
        return stored().orElseGet(() -> new Login(settingsUser, settingsPassword.get()));
    }

    /** From now on the agent connects as {@code login}. */
    public void replace(Login login) {
        requireNonNull(login, "login");
        Properties properties = new Properties();
        properties.setProperty("user", login.user());
        properties.setProperty("password", login.password());
        StringWriter text = new StringWriter();
        try {
            properties.store(text, null);
            PosixFileAttributes dir = Files.readAttributes(file.getParent(), PosixFileAttributes.class);
            PrivateFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-------"),
                    dir.owner(), dir.group());
        } catch (IOException e) {
            throw AgentException.internal("credentials_write_failed", "cannot write " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** Back to {@code login} as {@link #stored} gave it: stored again, or the settings' when empty. */
    public void restore(Optional<Login> login) {
        requireNonNull(login, "login");
        if (login.isPresent()) {
            replace(login.get());
        } else {
            clear();
        }
    }

    /** Back to the settings' credentials (a rollback to Open Source). */
    public void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw AgentException.internal("credentials_write_failed", "cannot delete " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** What {@link #replace} stored, or empty while the agent follows its settings: what an undo puts back. */
    public Optional<Login> stored() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw AgentException.failedPrecondition("credentials_unreadable", "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw AgentException.failedPrecondition("credentials_unreadable", file + " is damaged; delete it to go back to the settings' credentials");
        }
        String user = properties.getProperty("user");
        String password = properties.getProperty("password");
        if (user == null || password == null) {
            throw AgentException.failedPrecondition("credentials_unreadable", file + " lacks user or password;"
                    + " delete it to go back to the settings' credentials");
        }
        return Optional.of(new Login(user, password));
    }
}
