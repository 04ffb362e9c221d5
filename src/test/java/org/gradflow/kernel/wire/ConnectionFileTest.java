package org.gradflow.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Jupyter connection files. */
class ConnectionFileTest {

    @TempDir
    Path dir;

    @Test
    void readsPortsKeyAndAddresses() throws IOException {
        Path file = dir.resolve("kernel.json");
        Files.writeString(file, "{\"shell_port\": 5001, \"iopub_port\": 5002, \"stdin_port\": 5003, \"control_port\": 5004,"
                + " \"hb_port\": 5005, \"ip\": \"127.0.0.1\", \"key\": \"k\", \"transport\": \"tcp\","
                + " \"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"gradflow\"}");
        ConnectionFile c = ConnectionFile.read(file);
        assertEquals("tcp://127.0.0.1:5004", c.address(c.controlPort()));
        assertEquals("k", c.key());
        assertEquals("tcp://[::1]:5002", new ConnectionFile("tcp", "::1", 5001, 5002, 3, 4, 5, "", "hmac-sha256").address(5002));
        assertEquals("ipc://kernel-5001", new ConnectionFile("ipc", "kernel", 5001, 2, 3, 4, 5, "", "hmac-sha256").address(5001));
    }

    @Test
    void badFilesFailNamingTheProblem() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"shell_port\": 5001}");
        IOException e = assertThrows(IOException.class, () -> ConnectionFile.read(file));
        assertTrue(e.getMessage().contains("missing field iopub_port"), e.getMessage());
        Files.writeString(file, "[1, 2]");
        assertThrows(IOException.class, () -> ConnectionFile.read(file));
        assertThrows(IllegalArgumentException.class,
                () -> new ConnectionFile("tcp", "127.0.0.1", 1, 2, 3, 4, 5, "k", "hmac-md5"));
    }
}
