package io.loginetl.devinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker probe decides between the embedded servers and Dev Services, so each way it can see (or miss) an engine
 * is checked against real sockets: a listening UNIX socket, a stale socket file nobody listens on, and TCP.
 */
class DockerProbeTest {

    @TempDir
    Path dir;

    @Test
    void listeningUnixSocketCountsAsDockerAndAStaleSocketFileDoesNot() throws Exception {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            assertThat(DockerProbe.isDockerReachable(null, socket)).isTrue();
            assertThat(DockerProbe.isDockerReachable("unix://" + socket, dir.resolve("absent.sock"))).isTrue();
        }
        // Closing the listener leaves the socket file behind, like a stopped daemon does.
        assertThat(Files.exists(socket)).isTrue();
        assertThat(DockerProbe.isDockerReachable(null, socket)).isFalse();
        assertThat(DockerProbe.isDockerReachable("", dir.resolve("absent.sock"))).isFalse();
    }

    @Test
    void tcpDockerHostIsProbedByConnecting() throws Exception {
        int closedPort;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(DockerProbe.isDockerReachable("tcp://127.0.0.1:" + listener.getLocalPort(), null)).isTrue();
            closedPort = listener.getLocalPort();
        }
        assertThat(DockerProbe.isDockerReachable("tcp://127.0.0.1:" + closedPort, null)).isFalse();
    }

    @Test
    void hostsThatCannotBeProbedCheaplyAreTrusted() {
        assertThat(DockerProbe.isDockerReachable("ssh://builder@example.org", null)).isTrue();
    }
}
