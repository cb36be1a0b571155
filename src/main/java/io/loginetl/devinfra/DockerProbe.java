package io.loginetl.devinfra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Answers "would Quarkus Dev Services find a Docker engine?" cheaply, without Testcontainers.
 * <p>
 * Why not ask Testcontainers: it is not on the dev class path of every module, it takes seconds to give up, and it
 * logs a stack trace when no engine exists. Why connect rather than test that the socket file exists: a leftover
 * {@code /var/run/docker.sock} whose daemon is stopped refuses the connection, and then we must start our own servers.
 * The probe is deliberately a superset check: a listener that accepts counts as Docker, and anything we cannot check
 * (ssh://, npipe://) is assumed to be Docker, so we never shadow a Docker setup the user has made on purpose.
 */
final class DockerProbe {

    private static final int TCP_TIMEOUT_MILLIS = 500;
    private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    private DockerProbe() {
    }

    static boolean isDockerReachable() {
        return isDockerReachable(System.getenv("DOCKER_HOST"), DEFAULT_SOCKET);
    }

    /** Split out so tests can pass a DOCKER_HOST and a default socket without touching the environment. */
    static boolean isDockerReachable(String dockerHost, Path defaultSocket) {
        if (dockerHost == null || dockerHost.isBlank()) {
            return unixSocketAccepts(defaultSocket);
        }
        URI uri;
        try {
            uri = URI.create(dockerHost.trim());
        } catch (IllegalArgumentException malformed) {
            return true; // let Dev Services report the bad DOCKER_HOST in its own words
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "unix":
                return unixSocketAccepts(Path.of(uri.getPath()));
            case "tcp":
            case "http":
            case "https":
                return tcpAccepts(uri.getHost(), uri.getPort() == -1 ? 2375 : uri.getPort());
            default:
                return true; // ssh://, npipe:// ...: cannot be checked cheaply, trust the user's setting
        }
    }

    private static boolean unixSocketAccepts(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // A UNIX socket connect never blocks for long: it succeeds or is refused (or denied) at once.
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException refusedOrDenied) {
            // Permission denied counts as "no Docker" too: Testcontainers could not use it either.
            return false;
        }
    }

    private static boolean tcpAccepts(String host, int port) {
        if (host == null) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TCP_TIMEOUT_MILLIS);
            return true;
        } catch (IOException unreachable) {
            return false;
        }
    }
}
