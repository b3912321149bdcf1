package org.cdnbilling.bench.pgwire;

import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.cdnbilling.bench.BenchMain.Options;

/**
 * A PostgreSQL wire-protocol proxy that counts what passes (docs/performance.md, "PostgreSQL"): it listens on a
 * loopback port, forwards each client connection to the real server byte for byte and reads a copy of what the
 * client sends ({@link FrontendStream}) into {@link StatementCounts}; the server's answers are only copied.
 *
 * <p>Startup: an SSLRequest or GSSENCRequest is answered {@code 'N'} here (not forwarded; pgjdbc's default
 * {@code sslmode=prefer} then goes on in plain text, so the messages can be read); a CancelRequest, the startup
 * message and everything after it are forwarded as they are. Each connection has two threads, one for each
 * direction; each forwards what it read before the client's copy is counted, with {@code TCP_NODELAY} on both
 * sockets.
 *
 * <p>{@code bench/run --postgres} starts one for each side ({@code pgproxy} mode): {@code --listen} (port),
 * {@code --target-host}, {@code --target-port}, {@code --control} (port of the counts, {@code GET /counts}: JSON of
 * {@link WireCounts}; {@code GET /counts.txt}: every text with its executions, most executed first).
 */
public final class PgWireCounter implements Closeable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int BUFFER = 64 * 1024;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final StatementCounts counts;

    public PgWireCounter(int port, InetSocketAddress target, StatementCounts counts) throws IOException {
        this.listener = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        this.target = target;
        this.counts = counts;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Accepts connections on a thread of its own until {@link #close()}. */
    public PgWireCounter start() {
        Thread acceptor = new Thread(this::accept, "pgproxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread thread = new Thread(() -> serve(client), "pgproxy-client-" + client.getPort());
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.err.println("pgproxy: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket server = new Socket()) {
            client.setTcpNoDelay(true);
            DataInputStream fromClient = new DataInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            byte[] startup = startupPacket(fromClient, toClient);
            server.setTcpNoDelay(true);
            server.connect(target, 10_000);
            OutputStream toServer = server.getOutputStream();
            toServer.write(startup);
            toServer.flush();
            counts.connected();
            Thread back = new Thread(() -> copy(server, client), "pgproxy-server-" + client.getPort());
            back.setDaemon(true);
            back.start();
            FrontendStream stream = new FrontendStream(counts);
            byte[] buffer = new byte[BUFFER];
            try {
                for (int n = fromClient.read(buffer); n >= 0; n = fromClient.read(buffer)) {
                    toServer.write(buffer, 0, n);
                    stream.feed(buffer, 0, n);
                }
                server.shutdownOutput();
                back.join();
            } finally {
                stream.ended();
            }
        } catch (EOFException | SocketException e) {
            // the client or the server closed the connection
        } catch (IOException e) {
            System.err.println("pgproxy: connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The client's startup message (or CancelRequest), to forward: SSLRequest and GSSENCRequest before it are
     * answered {@code 'N'} (no encryption) here.
     */
    private static byte[] startupPacket(DataInputStream fromClient, OutputStream toClient) throws IOException {
        while (true) {
            int length = fromClient.readInt();
            if (length < 8 || length > 10_000) {
                throw new IOException("not a PostgreSQL startup packet (length " + length + ")");
            }
            byte[] packet = new byte[length];
            packet[0] = (byte) (length >>> 24);
            packet[1] = (byte) (length >>> 16);
            packet[2] = (byte) (length >>> 8);
            packet[3] = (byte) length;
            fromClient.readFully(packet, 4, length - 4);
            int code = (packet[4] & 0xff) << 24 | (packet[5] & 0xff) << 16 | (packet[6] & 0xff) << 8 | packet[7] & 0xff;
            if (code != SSL_REQUEST && code != GSSENC_REQUEST) {
                return packet;
            }
            toClient.write('N');
            toClient.flush();
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed: the other thread ends with it
        } finally {
            try {
                to.close();
            } catch (IOException e) {
                // closing only
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    /** {@code pgproxy} mode of the benchmark jar: a proxy and its counts' HTTP address, until the process ends. */
    public static void run(Options options) throws Exception {
        StatementCounts counts = new StatementCounts();
        InetSocketAddress target = new InetSocketAddress(options.get("target-host"), options.integer("target-port"));
        PgWireCounter proxy = new PgWireCounter(options.integer("listen"), target, counts).start();
        HttpServer control = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), options.integer("control")), 10);
        control.setExecutor(Executors.newSingleThreadExecutor());
        control.createContext("/counts", exchange -> {
            WireCounts snapshot = counts.snapshot();
            boolean text = exchange.getRequestURI().getPath().endsWith(".txt");
            byte[] body = (text ? "connections=" + snapshot.connections() + " executes=" + snapshot.executes()
                    + " round-trips=" + snapshot.roundTrips() + "\n" + snapshot.table("", 1, Integer.MAX_VALUE, 100_000)
                    : snapshot.toJson()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", text ? "text/plain; charset=utf-8" : "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        control.start();
        System.out.printf("pgproxy: 127.0.0.1:%d -> %s, counts at http://127.0.0.1:%d/counts%n", proxy.port(),
                target, control.getAddress().getPort());
        new CountDownLatch(1).await();
    }
}
