package org.cdnbilling.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code cdn.http.max-body-size} for the admin API and the RPC API (every path but Camunda's engine REST API and
 * webapps, whose deployments are Camunda's business): a {@code Content-Length} above the limit is refused with 413
 * before anything reads the body; a body without one (chunked) is counted as it is read, and the read that passes
 * the limit throws {@link RequestBodyTooLargeException}, which each API answers as 413. Nothing here buffers a body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class BodyLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BodyLimitFilter.class);

    private final HttpSettings settings;
    private final ErrorDialects dialects;

    BodyLimitFilter(HttpSettings settings, ErrorDialects dialects) {
        this.settings = settings;
        this.dialects = dialects;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = ErrorDialects.path(request);
        return path.startsWith("/engine-rest/") || path.startsWith("/camunda/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = settings.maxBodyBytes();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            log.info("Refused a body of {} bytes (limit {}): {} {}", declared, limit, request.getMethod(),
                    request.getRequestURI());
            dialects.bodyTooLarge(request, response);
            return;
        }
        LimitedBodyRequest limited = new LimitedBodyRequest(request, limit);
        try {
            chain.doFilter(limited, response);
        } catch (IOException | ServletException | RuntimeException e) {
            // an API that let the refusal through (its own handlers answer it as 413 where they can)
            if (!RequestBodyTooLargeException.isCause(e) || response.isCommitted()) {
                throw e;
            }
            response.reset();
            dialects.bodyTooLarge(request, response);
        }
        if (limited.exceeded()) {
            log.info("Refused a streamed body over {} bytes: {} {}", limit, request.getMethod(),
                    request.getRequestURI());
        }
    }

    /** The request whose body stream counts what is read and refuses to go past the limit. */
    private static final class LimitedBodyRequest extends HttpServletRequestWrapper {

        private final long limit;
        private LimitedInputStream stream;
        private BufferedReader reader;

        LimitedBodyRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (reader != null) {
                throw new IllegalStateException("getReader() was called already");
            }
            return limited();
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                if (stream != null) {
                    throw new IllegalStateException("getInputStream() was called already");
                }
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(limited(), charset));
            }
            return reader;
        }

        private LimitedInputStream limited() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }

        boolean exceeded() {
            return stream != null && stream.exceeded;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream body;
        private final long limit;
        private long read;
        private boolean exceeded;

        LimitedInputStream(ServletInputStream body, long limit) {
            this.body = body;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = body.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (exceeded) {
                throw new RequestBodyTooLargeException();
            }
            // never more than one byte past the limit: enough to know it was passed
            int n = body.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                exceeded = true;
                throw new RequestBodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
