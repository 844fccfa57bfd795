package io.qfleet.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fleet file's replication section: the object store per cluster, secrets only from references, one-line errors. */
class ReplicationSectionTest {
    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY";
    private static final String HOSTS = """
            agents: {plaintext: true}
            target:
              distribution: dist/questdb-enterprise-3.1.1-rt-linux-amd64.tar.gz
              sha256: %s
              version: 3.1.1
            hosts:
              - {name: db-1, agent: '127.0.0.2:7001', role: primary, cluster: trades}
              - {name: db-2, agent: '127.0.0.3:7001', role: replica, cluster: trades}
              - {name: db-3, agent: '127.0.0.4:7001', role: primary, cluster: orders}
            """.formatted(FleetFileLoaderTest.SHA);

    @TempDir
    Path dir;
    Path fleet;

    @BeforeEach
    void distribution() throws IOException {
        fleet = dir.resolve("fleet.yaml");
        Files.createDirectories(dir.resolve("dist"));
        Files.writeString(dir.resolve("dist/questdb-enterprise-3.1.1-rt-linux-amd64.tar.gz"), "not really a tarball");
    }

    @Test
    void eachClusterGetsItsStoreAndEveryNodeAStableIdOfItsOwn() throws IOException {
        Files.writeString(fleet, HOSTS + """
                replication:
                  object_store: 'fs::root=/mnt/store/{cluster};atomic_write_dir=/mnt/store/tmp-{cluster};'
                  clear_fs_store: [orders]
                """);
        FleetFile file = FleetFileLoader.load(fleet);
        ReplicationSettings replication = file.enterprise().replication();
        assertTrue(file.enterprise().any(), "replication needs Enterprise: the stage refuses Open Source");
        assertEquals("fs::root=/mnt/store/trades;atomic_write_dir=/mnt/store/tmp-trades;", replication.storeFor("trades"));
        assertTrue(replication.clearFsStore("orders"));
        assertFalse(replication.clearFsStore("trades"));
        String primaryId = ReplicationSettings.instanceId(file.hosts().get(0));
        assertNotEquals(primaryId, ReplicationSettings.instanceId(file.hosts().get(1)));
        assertEquals(primaryId, ReplicationSettings.instanceId(FleetFileLoader.load(fleet).hosts().get(0)), "the same on every load");
        assertEquals(36, primaryId.length());
    }

    @Test
    void aSecretPartFromAReferenceLoadsAndIsMaskedWhereverItIsShown() throws IOException {
        Files.writeString(fleet, HOSTS + """
                replication:
                  object_store: 's3::bucket=qdb;root={cluster};region=eu-west-1;access_key_id=${env:AWS_ID};secret_access_key=${env:AWS_SECRET};'
                """);
        FleetFile file = FleetFileLoader.load(fleet, Map.of("AWS_ID", "AKIA1234", "AWS_SECRET", SECRET)::get);
        ReplicationSettings replication = file.enterprise().replication();
        assertTrue(replication.storeFor("trades").contains(SECRET), "the agent gets the real string");
        String masked = ObjectStoreString.masked(replication.storeFor("trades"));
        assertEquals("s3::bucket=qdb;root=trades;region=eu-west-1;access_key_id=***;secret_access_key=***;", masked);
        assertFalse(replication.toString().contains(SECRET), replication.toString());
        assertFalse(file.toString().contains(SECRET), "no record of the fleet file prints it");
    }

    static Stream<Arguments> badSections() {
        return Stream.of(
                Arguments.of("an inline secret", "  object_store: 's3::bucket=b;root={cluster};region=r;secret_access_key=" + SECRET + ";'\n",
                        "11: replication.object_store: secret_access_key= is a secret and is never written in the fleet file (use"
                                + " secret_access_key=${env:NAME} or ${file:path}, or the whole object_store from one)"),
                Arguments.of("no bucket", "  object_store: 's3::root={cluster};region=r;secret_access_key=${env:AWS_SECRET};'\n",
                        "11: replication.object_store: for cluster trades: 's3::root={cluster};region=r;secret_access_key=${env:AWS_SECRET};'"
                                + " has no bucket= (expected s3::bucket=<B>;root=<NAME>;region=<R>;access_key_id=<K>;secret_access_key=<S>;)"),
                Arguments.of("an unknown scheme", "  object_store: 'ftp://store/{cluster}'\n",
                        "11: replication.object_store: for cluster trades: 'ftp://store/{cluster}' has no known scheme (expected one of:"
                                + " azblob::endpoint=https://<ACCT>.blob.core.windows.net;container=<C>;root=<NAME>;account_name=<ACCT>;"
                                + "account_key=<KEY>; | fs::root=<dir>;atomic_write_dir=<scratch dir on the same mount>; | gcs::bucket=<B>;"
                                + "root=<NAME>;credential=<BASE64 JSON key>; | s3::bucket=<B>;root=<NAME>;region=<R>;access_key_id=<K>;"
                                + "secret_access_key=<S>;)"),
                Arguments.of("a relative fs path", "  object_store: 'fs::root=store/{cluster};atomic_write_dir=/tmp/x-{cluster};'\n",
                        "11: replication.object_store: for cluster trades: 'fs::root=store/{cluster};atomic_write_dir=/tmp/x-{cluster};':"
                                + " root is not an absolute path (expected e.g. /mnt/qdb-store/trades)"),
                Arguments.of("one store for two clusters", "  object_store: 'fs::root=/mnt/s;atomic_write_dir=/mnt/t;'\n",
                        "11: replication.object_store: clusters trades and orders would share one object store (two primaries in one"
                                + " store corrupt both; put {cluster} in root=)"),
                Arguments.of("clearing a cluster that is not there", "  object_store: 'fs::root=/s/{cluster};atomic_write_dir=/t/{cluster};'\n"
                        + "  clear_fs_store: [trade]\n",
                        "12: replication.clear_fs_store[0]: 'trade' is not a cluster of this fleet file (expected one of: trades, orders)"),
                Arguments.of("clearing an s3 store", "  object_store: 's3::bucket=b;root={cluster};region=r;'\n  clear_fs_store: [trades]\n",
                        "12: replication.clear_fs_store[0]: only an fs:: store is cleared by qfleet; empty another store with its own tools"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSections")
    void refusesABadSectionInOneLineWithoutTheSecret(String what, String section, String message) throws IOException {
        Files.writeString(fleet, HOSTS + "replication:\n" + section);
        FleetFileException e = assertThrows(FleetFileException.class,
                () -> FleetFileLoader.load(fleet, Map.of("AWS_SECRET", SECRET)::get));
        assertEquals(fleet + ":" + message, e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void aReplicaNeedsItsPrimaryInTheFleetFile() throws IOException {
        Files.writeString(fleet, HOSTS.replace("role: primary, cluster: trades", "role: replica, cluster: trades")
                + "replication:\n  object_store: 'fs::root=/s/{cluster};atomic_write_dir=/t/{cluster};'\n");
        FleetFileException e = assertThrows(FleetFileException.class, () -> FleetFileLoader.load(fleet));
        assertEquals(fleet + ":10: replication: cluster 'trades' of db-1 has no primary in this fleet file (a replica is seeded from"
                + " its primary's checkpoint)", e.getMessage());
    }

    @Test
    void secretPartsAreMaskedButReferencesAndPathsStay() {
        assertEquals("gcs::bucket=b;root=/;credential=***;credential_path=/etc/gcs.json;token=${file:tok};",
                ObjectStoreString.masked("gcs::bucket=b;root=/;credential=eyJhbGciOi;credential_path=/etc/gcs.json;token=${file:tok};"));
        assertEquals(Set.of("account_key"), Set.copyOf(ObjectStoreString.parse(
                "azblob::endpoint=https://a.blob.core.windows.net;container=c;root=r;account_name=a;account_key=k;").secretParts()));
    }
}
