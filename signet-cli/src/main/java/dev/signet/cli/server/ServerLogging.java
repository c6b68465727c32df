package dev.signet.cli.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.signet.cli.Main;
import dev.signet.cli.server.config.ConfigException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The server's log backend, chosen by {@code log.format} before anything logs. {@code text}:
 * slf4j-simple, as every command logs (simplelogger.properties: one line per event on stderr).
 * {@code json}: logback, one JSON object per line on stderr (logback's {@link JsonEncoder}: timestamp,
 * level, threadName, loggerName, formattedMessage, throwable), at the same levels as the text log.
 */
final class ServerLogging {
    private static final String LOGBACK = "ch.qos.logback.classic.spi.LogbackServiceProvider";

    private ServerLogging() {}

    /**
     * Selects the backend for {@code format} ({@code text} or {@code json}).
     *
     * @throws ConfigException when json is asked for but this JVM already logs through another backend
     *     (the server run in process by a test, not by the launcher)
     */
    static void configure(String format) {
        if (!format.equals("json")) {
            return;
        }
        System.setProperty(Main.SLF4J_PROVIDER, LOGBACK);
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            throw new ConfigException("log.format: json needs the launcher's fresh JVM; this one already logs through "
                    + factory.getClass().getName());
        }
        context.reset();
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMDC(false);
        encoder.setWithKVPList(false);
        encoder.setWithMarkers(false);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("json");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        // the levels of simplelogger.properties, which the text log uses
        root.setLevel(Level.WARN);
        context.getLogger("dev.signet.server").setLevel(Level.INFO);
        context.getLogger("io.javalin").setLevel(Level.INFO);
    }
}
