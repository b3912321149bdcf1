package org.cdnbilling.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test if anything in the JVM (the application under test included) logged at ERROR while it ran: only
 * faults log ERROR, and the tests that use this drive refusals, conflicts and bad input, none of them a fault.
 * A Logback appender on the root logger from before each test to after it. Use with
 * {@code @ExtendWith(NoErrorLogged.class)}.
 */
public final class NoErrorLogged implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoErrorLogged.class);

    /** The ERROR events logged since it was started. */
    static final class Recorder extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> errors = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                errors.add(event);
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Recorder recorder = new Recorder();
        recorder.setName("no-error-logged");
        recorder.setContext(root().getLoggerContext());
        recorder.start();
        root().addAppender(recorder);
        context.getStore(NAMESPACE).put(Recorder.class, recorder);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Recorder recorder = context.getStore(NAMESPACE).remove(Recorder.class, Recorder.class);
        root().detachAppender(recorder);
        recorder.stop();
        if (!recorder.errors.isEmpty()) {
            throw new AssertionError(recorder.errors.size() + " ERROR line(s) logged during the test:\n"
                    + recorder.errors.stream().map(NoErrorLogged::describe).collect(Collectors.joining("\n")));
        }
    }

    private static String describe(ILoggingEvent event) {
        String line = event.getLoggerName() + ": " + event.getFormattedMessage();
        return event.getThrowableProxy() == null ? line
                : line + "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()).lines().limit(6)
                        .collect(Collectors.joining("\n"));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
