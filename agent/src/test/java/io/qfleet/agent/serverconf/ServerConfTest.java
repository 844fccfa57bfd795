package io.qfleet.agent.serverconf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfTest {
    // Shaped like QuestDB's template: strict line on line 2, commented defaults, escapes.
    private static final String GOLDEN = String.join("\n",
            "# Comment at the top",
            "config.validation.strict=true",
            "",
            "#http.net.bind.to=0.0.0.0:9000",
            "pg.net.bind.to = 127.0.0.1:8812",
            "cairo.sql.copy.root=C:\\\\data\\\\import",
            "pg.password:secret",
            "http.min.net.bind.to 127.0.0.1:19003",
            "line.tcp.enabled=\\",
            "    false",
            "  ! bang comment",
            "");

    @Test
    void readsValuesWithJavaPropertiesSyntax() {
        ServerConf conf = ServerConf.parse(GOLDEN);
        assertEquals(Optional.of("true"), conf.get("config.validation.strict"));
        assertEquals(Optional.of("127.0.0.1:8812"), conf.get("pg.net.bind.to"));
        assertEquals(Optional.of("C:\\data\\import"), conf.get("cairo.sql.copy.root"));
        assertEquals(Optional.of("secret"), conf.get("pg.password"));
        assertEquals(Optional.of("127.0.0.1:19003"), conf.get("http.min.net.bind.to"));
        assertEquals(Optional.of("false"), conf.get("line.tcp.enabled"));
        assertEquals(Optional.empty(), conf.get("http.net.bind.to"), "commented out");
    }

    @Test
    void keepsRawLinesInOrder() {
        ServerConf conf = ServerConf.parse(GOLDEN);
        assertEquals(GOLDEN.lines().toList(), conf.lines());
        assertEquals("#http.net.bind.to=0.0.0.0:9000", conf.lines().get(3));
    }

    @Test
    void missingFileIsEmpty(@TempDir Path dir) {
        ServerConf conf = ServerConf.read(dir.resolve("conf/server.conf"));
        assertEquals(List.of(), conf.lines());
        assertEquals(Optional.empty(), conf.get("pg.net.bind.to"));
    }

    @Test
    void readsFileAsLatin1LikeQuestDb(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.conf");
        Files.write(file, "pg.user=r\u00e9mi\r\npg.net.bind.to=0.0.0.0:8812\r\n".getBytes(StandardCharsets.ISO_8859_1));
        ServerConf conf = ServerConf.read(file);
        assertEquals(Optional.of("r\u00e9mi"), conf.get("pg.user"));
        assertEquals(List.of("pg.user=r\u00e9mi", "pg.net.bind.to=0.0.0.0:8812"), conf.lines());
    }

    @Test
    void badEscapeIsInvalid() {
        AgentException e = assertThrows(AgentException.class, () -> ServerConf.parse("a=\\u12"));
        assertEquals("server_conf_invalid", e.reason());
        assertTrue(e.getMessage().startsWith("server.conf is not valid"));
    }
}
