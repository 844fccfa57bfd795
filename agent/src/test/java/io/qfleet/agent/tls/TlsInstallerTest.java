package io.qfleet.agent.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.tls.TestPki.Issued;
import io.qfleet.agent.tls.TestPki.KeyForm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsInstallerTest {
    @TempDir
    Path tmp;
    Path root;
    Path input;
    List<Issued> chain;
    TlsMaterial material;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("questdb/conf"));
        input = Files.createDirectories(tmp.resolve("input"));
        chain = TestPki.chain();
        material = TlsMaterial.load(TestPki.writeChain(input.resolve("chain.pem"), chain),
                TestPki.writeKey(input.resolve("leaf.key"), chain.get(0).privateKey(), KeyForm.TRADITIONAL));
    }

    @Test
    void writesTheChainReadableByAllAndTheKeyByItsOwnerOnly() throws IOException {
        InstalledTls installed = new TlsInstaller(root).install(material, root);

        assertEquals(new InstalledTls(root.toRealPath().resolve("cert.pem"), root.toRealPath().resolve("key.pem")), installed);
        assertEquals("rw-r--r--", mode(installed.certFile()));
        assertEquals("rw-------", mode(installed.keyFile()));
        // the key block as given (here SEC1, curve and public key inside), not re-encoded
        assertTrue(Files.readString(installed.keyFile()).startsWith("-----BEGIN EC PRIVATE KEY-----\n"));
        assertEquals(TestPki.base64Lines(input.resolve("leaf.key")), TestPki.base64Lines(installed.keyFile()));
        TlsMaterial reread = TlsMaterial.load(installed.certFile(), installed.keyFile());
        assertEquals(material.chain(), reread.chain());
        TlsMaterialTest.assertSameKey(material.privateKey(), reread.privateKey());
        assertEquals(Set.of("cert.pem", "key.pem"), names(root)); // no temp file left behind
    }

    @Test
    void replacesExistingFilesAndTightensAnOpenKey() throws IOException {
        Files.writeString(root.resolve("cert.pem"), "old chain");
        Files.writeString(root.resolve("key.pem"), "old key");
        Files.setPosixFilePermissions(root.resolve("key.pem"), PosixFilePermissions.fromString("rw-rw-rw-"));

        InstalledTls installed = new TlsInstaller(root).install(input.resolve("chain.pem"), input.resolve("leaf.key"), root);

        assertEquals("rw-------", mode(installed.keyFile()));
        assertEquals(material.chain(), TlsMaterial.load(installed.certFile(), installed.keyFile()).chain());
    }

    @Test
    void createsAMissingTargetDirInsideTheRoot() throws IOException {
        InstalledTls installed = new TlsInstaller(tmp.resolve("questdb")).install(material, tmp.resolve("questdb/conf/tls"));

        assertEquals(tmp.resolve("questdb/conf/tls").toRealPath().resolve("key.pem"), installed.keyFile());
        assertEquals("rw-------", mode(installed.keyFile()));
    }

    @Test
    void refusesTargetsOutsideTheRootAsWrittenOrThroughASymlink() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        TlsInstaller installer = new TlsInstaller(root);

        for (Path target : List.of(outside, root.resolve("../../elsewhere"), Path.of("conf"), root.resolve("link"),
                root.resolve("link/sub"))) {
            AgentException e = assertThrows(AgentException.class, () -> installer.install(material, target), target::toString);
            assertEquals("path_not_allowed", e.reason(), e.getMessage());
            assertEquals(AgentException.Kind.INVALID_ARGUMENT, e.kind());
        }
        assertEquals(Set.of(), names(outside));
        assertThrows(AgentException.class, () -> new TlsInstaller(tmp.resolve("missing")).install(material, tmp.resolve("missing/x")));
    }

    @Test
    void aStaleTempFileIsReplacedNotFollowed() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "untouched");
        Files.createSymbolicLink(root.resolve(".key.pem.tmp"), victim);

        InstalledTls installed = new TlsInstaller(root).install(material, root);

        assertEquals("untouched", Files.readString(victim));
        assertEquals("rw-------", mode(installed.keyFile()));
        assertFalse(Files.exists(root.resolve(".key.pem.tmp"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void filesGetTheOwnerOfTheirDirectorySoQuestDbCanReadTheKey() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root may chown");
        UserPrincipal nobody = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(root, nobody);

        InstalledTls installed = new TlsInstaller(root).install(material, root);

        assertEquals(nobody, Files.getOwner(installed.keyFile()));
        assertEquals(nobody, Files.getOwner(installed.certFile()));
        assertEquals("rw-------", mode(installed.keyFile()));
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.equals("link")).collect(Collectors.toSet());
        }
    }
}
