package org.cdnbilling.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP client that connects from a local address of its choice (127.0.0.2, 127.0.0.3, ...: every 127/8
 * address is this machine), so that a test can play clients at different addresses. It keeps cookies, like a
 * browser. One request per connection.
 */
final class ClientAt {

    record Reply(int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    private final int port;
    private final String localAddress;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    ClientAt(String localAddress, int port) {
        this.localAddress = localAddress;
        this.port = port;
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    Reply basic(String method, String path, String user, String password) {
        return send(method, path, null, "Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** Logs in to Cockpit as its page does: the page for the XSRF cookie, then the form. */
    Reply cockpitLogin(String user, String password) {
        Reply page = send("GET", "/camunda/app/cockpit/default/", null);
        if (page.status() != 200 || !cookies.containsKey("XSRF-TOKEN")) {
            throw new IllegalStateException("No Cockpit page: " + page);
        }
        return send("POST", "/camunda/api/admin/auth/user/default/login/cockpit",
                "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded", "X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
    }

    Reply send(String method, String path, String body, String... headerPairs) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
        }
        if (!cookies.isEmpty()) {
            request.append("Cookie: ").append(String.join("; ", cookies.entrySet().stream()
                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue()).toList())).append("\r\n");
        }
        if (body != null || !method.equals("GET")) {
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(content);
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply parse(byte[] raw) throws IOException {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        String[] lines = all.substring(0, end).split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        for (String cookie : headers.getOrDefault("set-cookie", List.of())) {
            String pair = cookie.split(";", 2)[0];
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(String.valueOf(headers.getOrDefault("transfer-encoding", List.of("")).get(0)))) {
            body = dechunk(new java.io.ByteArrayInputStream(body));
        }
        return new Reply(Integer.parseInt(lines[0].substring(9, 12)), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    return out.toByteArray();
                }
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (length == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(length));
            in.readNBytes(2);
        }
    }
}
