package io.qfleet.agent.serverconf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.questdb.Edition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secret value never shows in a diff, a description, a warning or an exception message. */
class ConfSecretsTest {
    private static final String SECRET = "Sup3rS3cr3t-d0-n0t-l0g";

    @Test
    void secretKeysHideTheWholeValue() {
        for (String key : List.of("pg.password", "http.password", "acl.admin.password", "acl.oidc.tls.keystore.password",
                "pg.readonly.password", "some.secret", "api.token", "gcs.credential", "PG.PASSWORD")) {
            assertEquals("***", ConfSecrets.redact(key, SECRET), key);
        }
        assertEquals("", ConfSecrets.redact("pg.password", ""), "an empty value reveals nothing");
        assertEquals("127.0.0.1:8812", ConfSecrets.redact("pg.net.bind.to", "127.0.0.1:8812"));
        assertEquals("/etc/tls/key.pem", ConfSecrets.redact("tls.private.key.path", "/etc/tls/key.pem"), "a path is not the key");
    }

    @Test
    void objectStoreStringsHideOnlyTheirSecretParts() {
        assertEquals("s3::bucket=b;root=db1;region=eu-west-1;access_key_id=***;secret_access_key=***;",
                ConfSecrets.redact("replication.object.store",
                        "s3::bucket=b;root=db1;region=eu-west-1;access_key_id=AKIA123;secret_access_key=" + SECRET + ";"));
        assertEquals("azblob::endpoint=https://acct.blob.core.windows.net;container=c;root=db1;account_name=acct;account_key=***;",
                ConfSecrets.redact("backup.object.store",
                        "azblob::endpoint=https://acct.blob.core.windows.net;container=c;root=db1;account_name=acct;account_key=" + SECRET + ";"));
        assertEquals("gcs::bucket=b;root=/;credential=***", ConfSecrets.redact("replication.object.store", "gcs::bucket=b;root=/;credential=" + SECRET));
        assertEquals("fs::root=/nfs/final;atomic_write_dir=/nfs/scratch;",
                ConfSecrets.redact("replication.object.store", "fs::root=/nfs/final;atomic_write_dir=/nfs/scratch;"));
        assertEquals("https::addr=h:9000;token=***;", ConfSecrets.redact("any.client.conf", "https::addr=h:9000;token=" + SECRET + ";"));
        assertEquals("http::addr=h;password=***;", ConfSecrets.redact("x", "http::addr=h;password=a;;" + SECRET + ";"),
                "a ;; inside a value does not end the part");
        assertEquals("s3::bucket=b;***;root=r;", ConfSecrets.redact("replication.object.store", "s3::bucket=b;" + SECRET + ";root=r;"),
                "a part without '=' may be a secret without its key: hidden whole");
        assertEquals("s3::bucket=b;secret_access_key=***;***;", ConfSecrets.redact("replication.object.store",
                "s3::bucket=b;secret_access_key=wJalr;" + SECRET.substring(5) + ";"), "nor the rest of a secret cut off by a stray ';'");
    }

    @Test
    void secretNeverShowsInDiffDescriptionWarningsOrRefusal(@TempDir Path dir) throws Exception {
        String store = "s3::bucket=b;root=r;region=x;access_key_id=id;secret_access_key=" + SECRET + ";";
        String text = "pg.password=" + SECRET + "\npg.password=" + SECRET + "x\nhttp.password=0ldHttpPa55\n";
        ServerConfEdit edit = ServerConfEdit.of(ServerConf.parse(text), ServerConfEditTest.CLOCK)
                .set("pg.password", SECRET + "2")
                .set("acl.admin.password", SECRET)
                .set("replication.object.store", store)
                .remove("http.password");
        List<String> shown = new ArrayList<>(edit.diff());
        shown.add(edit.describeChanges());
        shown.add(edit.toString());
        shown.addAll(edit.warnings());
        Path conf = dir.resolve("server.conf");
        Files.writeString(conf, text);
        AgentException refusal = assertThrows(AgentException.class, () -> ServerConfWriter.write(conf, edit, Edition.OPEN_SOURCE));
        shown.add(refusal.getMessage());
        shown.add(String.valueOf(refusal));
        for (String line : shown) {
            assertFalse(line.contains(SECRET) || line.contains("0ldHttpPa55"), line);
        }
        assertTrue(shown.contains("+ replication.object.store=s3::bucket=b;root=r;region=x;access_key_id=***;secret_access_key=***;"), shown.toString());
        assertTrue(shown.contains("- pg.password=***"));
        assertTrue(edit.text().contains(SECRET), "the file itself holds the real values");
    }
}
