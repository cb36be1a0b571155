package io.loginetl.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * A loopback HTTP/1.1 proxy in front of an SQS server that misbehaves the way a real network and a real
 * SQS do, request by request as its {@link FaultPlan} says, and counts what it did per SQS action.
 * <p>
 * The AWS SDK v2 speaks SQS's JSON protocol (also to ElasticMQ): a POST to {@code /} whose
 * {@code X-Amz-Target} header names the action, e.g. {@code AmazonSQS.ReceiveMessage}. Client
 * connections are kept alive as the client wishes, each over one upstream connection of its own.
 * The proxy never looks at bodies, so it cannot log one. It can also add a fixed delay each way
 * ({@link #delaying}): the round trip of a real SQS endpoint, which loopback does not have.
 */
public final class FaultyHttpProxy implements AutoCloseable {

    public enum Fault {
        /** Forwarded, and the reply passed back unchanged. */
        NONE,
        /** HTTP 500 without forwarding: SQS did nothing. */
        ERROR_500,
        /** HTTP 503 without forwarding. */
        ERROR_503,
        /** Forwarded, then the reply replaced by a 500: SQS did the work, the client does not know. */
        LOST_REPLY,
        /** Connection reset before forwarding. */
        RESET_BEFORE,
        /** Forwarded, then the connection reset instead of the reply. */
        RESET_AFTER,
        /** Forwarded, then no reply until the client gives up (or the stall time passes): a timeout after the work. */
        STALL
    }

    private final ServerSocket server;
    private final int targetPort;
    private final FaultPlan plan;
    private final Duration stall;
    private final long delayMillis;
    private final Map<String, AtomicInteger> onTheWire = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostOnTheWire = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, Map<Fault, LongAdder>> done = new ConcurrentHashMap<>();

    /** @param stall how long a stalled reply is held at most: longer than the client's socket timeout */
    public FaultyHttpProxy(int targetPort, FaultPlan plan, Duration stall) throws IOException {
        this(targetPort, plan, stall, Duration.ZERO);
    }

    private FaultyHttpProxy(int targetPort, FaultPlan plan, Duration stall, Duration delay) throws IOException {
        this.targetPort = targetPort;
        this.plan = plan;
        this.stall = stall;
        this.delayMillis = delay.toMillis();
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        daemon(this::accept, "faulty-http-proxy-" + server.getLocalPort());
    }

    /** No faults, only {@code oneWay} added before each request is forwarded and again before its reply. */
    public static FaultyHttpProxy delaying(int targetPort, Duration oneWay) throws IOException {
        return new FaultyHttpProxy(targetPort, FaultPlan.none(), Duration.ZERO, oneWay);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The same settings with the SQS endpoint and both queue URLs pointed at this proxy instead of {@code directPort}. */
    public Map<String, String> route(Map<String, String> environment, int directPort) {
        Map<String, String> routed = new HashMap<>(environment);
        for (String setting : List.of("QUARKUS_SQS_ENDPOINT_OVERRIDE", "ETL_QUEUE_URL", "ETL_DEAD_LETTER_QUEUE_URL")) {
            routed.computeIfPresent(setting, (k, v) -> v.replace(":" + directPort, ":" + port()));
        }
        return routed;
    }

    /** Requests of every action and fate. */
    public long requests() {
        return Stream.of(Fault.values()).mapToLong(this::count).sum();
    }

    /** Requests per action, whatever was done to them. */
    public Map<String, Long> requestsByAction() {
        Map<String, Long> byAction = new TreeMap<>();
        done.forEach((action, faults) -> byAction.put(action, faults.values().stream().mapToLong(LongAdder::sum).sum()));
        return byAction;
    }

    /** The most requests of {@code action} that were on the wire at once. */
    public int mostAtOnce(String action) {
        AtomicInteger most = mostOnTheWire.get(action);
        return most == null ? 0 : most.get();
    }

    /** How often {@code fault} was done to requests of {@code action} (e.g. "AmazonSQS.ReceiveMessage"). */
    public long count(String action, Fault fault) {
        LongAdder adder = done.getOrDefault(action, Map.of()).get(fault);
        return adder == null ? 0 : adder.sum();
    }

    /** How often {@code fault} was done to any request. */
    public long count(Fault fault) {
        return done.keySet().stream().mapToLong(action -> count(action, fault)).sum();
    }

    /** Every action with the count of each thing done to it, for assertion messages and the test's log. */
    public String summary() {
        Map<String, Map<Fault, Long>> sorted = new TreeMap<>();
        done.forEach((action, faults) -> faults.forEach((fault, n) ->
                sorted.computeIfAbsent(action, a -> new TreeMap<>()).put(fault, n.sum())));
        return sorted.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                daemon(() -> serve(client), "faulty-http-proxy-connection");
            } catch (IOException closed) {
                // close() was called
            }
        }
    }

    /** One client connection: request by request, forward or misbehave, until either side closes. */
    private void serve(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            InputStream fromUpstream = new BufferedInputStream(upstream.getInputStream());
            OutputStream toUpstream = upstream.getOutputStream();
            for (HttpMessage request; (request = HttpMessage.read(fromClient)) != null; ) {
                String action = String.valueOf(request.header("X-Amz-Target"));
                Fault fault = plan.decide(action, requests.computeIfAbsent(action, a -> new AtomicInteger()).getAndIncrement());
                done.computeIfAbsent(action, a -> new ConcurrentHashMap<>()).computeIfAbsent(fault, f -> new LongAdder()).increment();
                if (fault == Fault.ERROR_500 || fault == Fault.ERROR_503) {
                    toClient.write(HttpMessage.error(fault == Fault.ERROR_500 ? 500 : 503));
                    toClient.flush();
                    continue;
                }
                if (fault == Fault.RESET_BEFORE) {
                    reset(client);
                    return;
                }
                AtomicInteger wire = onTheWire.computeIfAbsent(action, a -> new AtomicInteger());
                int now = wire.incrementAndGet();
                mostOnTheWire.computeIfAbsent(action, a -> new AtomicInteger()).accumulateAndGet(now, Math::max);
                HttpMessage reply;
                try {
                    pause();
                    toUpstream.write(request.bytes());
                    toUpstream.flush();
                    reply = HttpMessage.read(fromUpstream);
                    pause();
                } finally {
                    wire.decrementAndGet();
                }
                if (reply == null || fault == Fault.RESET_AFTER) {
                    reset(client);
                    return;
                }
                if (fault == Fault.STALL) {
                    awaitClientGivingUp(client);
                    return;
                }
                toClient.write(fault == Fault.LOST_REPLY ? HttpMessage.error(500) : reply.bytes());
                toClient.flush();
                if ("close".equalsIgnoreCase(reply.header("Connection"))) {
                    return;
                }
            }
        } catch (IOException connectionGone) {
            // the client or the server closed or reset the connection: so does the proxy
        }
    }

    private void pause() throws IOException {
        if (delayMillis == 0) {
            return;
        }
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("proxy delay interrupted");
        }
    }

    /** Holds the reply back until the client closes its side (its socket timeout) or the stall time passes. */
    private void awaitClientGivingUp(Socket client) throws IOException {
        client.setSoTimeout((int) stall.toMillis());
        try {
            while (client.getInputStream().read() >= 0) {
                // a client that gave up sends nothing more; anything it does send is dropped
            }
        } catch (SocketTimeoutException stallOver) {
            // the client outwaited the stall; it gets no reply on this connection either way
        }
    }

    /** Closes with SO_LINGER 0, so the client sees a TCP reset rather than an orderly end. */
    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
