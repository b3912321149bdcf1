package org.cdnbilling.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** {@link HttpTestClient#raw} reads a reply to its real end, and silence before that end is a failure. */
class HttpTestClientRawTest {

    @Test
    void aReplyThatPausesLongerThanTwoSecondsMidBodyIsReadToItsEnd() throws Exception {
        String body = "{\"Code\":\"InvalidParameter\",\"Message\":\"" + "x".repeat(100) + "\"}";
        int half = body.length() / 2;
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<HttpTestClient.RawReply> reply = CompletableFuture.supplyAsync(
                    () -> new HttpTestClient(server.getLocalPort()).raw("GET / HTTP/1.1"));
            try (Socket connection = server.accept()) {
                readRequestHead(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 400 \r\nContent-Type: application/json;charset=utf-8\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body.substring(0, half)).getBytes(StandardCharsets.UTF_8));
                out.flush();
                // a slow server: silent for three seconds mid-body (the client once took two seconds of silence
                // for the end of the reply), unless the client returns before
                try {
                    reply.get(3, TimeUnit.SECONDS);
                } catch (TimeoutException stillReading) {
                    // as it should
                }
                out.write(body.substring(half).getBytes(StandardCharsets.UTF_8));
                out.flush();
                HttpTestClient.RawReply received = reply.get(30, TimeUnit.SECONDS);
                assertThat(received.status()).isEqualTo(400);
                assertThat(received.head()).startsWith("HTTP/1.1 400").contains("Content-Length: " + body.length());
                assertThat(received.body()).isEqualTo(body);
            }
        }
    }

    @Test
    void aChunkedReplyIsDecodedUpToTheLastChunkWhileTheConnectionStaysOpen() throws IOException {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n";
        HttpTestClient.RawReply reply = HttpTestClient.readReply(new EndlessAfter(chunked), false);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("hello, world");
    }

    @Test
    void aReplyWithoutLengthEndsWhenTheServerCloses() throws IOException {
        HttpTestClient.RawReply reply = HttpTestClient.readReply(stream(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n{\"a\":1}"), false);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.head()).doesNotContain("100 Continue");
        assertThat(reply.body()).isEqualTo("{\"a\":1}");
    }

    @Test
    void aReplyCutShortIsAnError() {
        assertThatThrownBy(() -> HttpTestClient.readReply(stream("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"),
                false)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> HttpTestClient.readReply(stream("HTTP/1.1 200 OK\r\nContent-"), false))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> HttpTestClient.readReply(stream(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"), false)).isInstanceOf(EOFException.class);
    }

    @Test
    void silenceBeforeTheEndOfTheReplyIsAFailureNotTheEnd() throws Exception {
        try (ServerSocket server = new ServerSocket(0);
                Socket client = new Socket("127.0.0.1", server.getLocalPort());
                Socket connection = server.accept()) {
            connection.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"
                    .getBytes(StandardCharsets.UTF_8));
            client.setSoTimeout(1_000);

            assertThatThrownBy(() -> HttpTestClient.readReply(client.getInputStream(), false))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The given bytes, then a stream that blocks forever (a kept-alive connection): reading past them hangs. */
    private static final class EndlessAfter extends InputStream {

        private final InputStream sent;
        private final CountDownLatch never = new CountDownLatch(1);

        EndlessAfter(String text) {
            this.sent = stream(text);
        }

        @Override
        public int read() throws IOException {
            int b = sent.read();
            if (b < 0) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("read past the reply");
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int available = sent.available();
            return available > 0 ? sent.read(buffer, offset, Math.min(length, available)) : read1(buffer, offset);
        }

        private int read1(byte[] buffer, int offset) throws IOException {
            buffer[offset] = (byte) read();
            return 1;
        }
    }

    private static void readRequestHead(InputStream in) {
        try {
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("request ended early");
                }
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
