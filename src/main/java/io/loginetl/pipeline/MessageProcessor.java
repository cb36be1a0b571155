package io.loginetl.pipeline;

import io.loginetl.ingest.InboundMessage;
import io.loginetl.masking.Masker;
import io.loginetl.persist.LoginRow;
import io.loginetl.validation.LoginEvent;
import io.loginetl.validation.LoginEventParser;
import io.loginetl.validation.ParseResult;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Validate → mask → transform: pure CPU work on one message, run on the receiver thread. */
@Singleton
public class MessageProcessor {

    private final LoginEventParser parser;
    private final Masker masker;
    private final Clock clock;

    @Inject
    public MessageProcessor(LoginEventParser parser, Masker masker) {
        this(parser, masker, Clock.systemUTC());
    }

    MessageProcessor(LoginEventParser parser, Masker masker, Clock clock) {
        this.parser = parser;
        this.masker = masker;
        this.clock = clock;
    }

    public Outcome process(InboundMessage message) {
        ParseResult result = parser.parse(message.body());
        if (result instanceof ParseResult.Valid valid) {
            return new Outcome.Accepted(message, toRow(message, valid.event()));
        }
        return new Outcome.Rejected(message, ((ParseResult.Invalid) result).rejection().code());
    }

    private LoginRow toRow(InboundMessage message, LoginEvent event) {
        return new LoginRow(message.messageId(), event.userId(), event.deviceType(),
                masker.mask(event.canonicalIp()), masker.mask(event.canonicalDeviceId()),
                event.locale(), event.appVersion(), createDate(message),
                new LoginRow.Originals(event.canonicalIp(), event.canonicalDeviceId()));
    }

    /**
     * The UTC date SQS accepted the message, so reprocessing a message yields the same row.
     * SentTimestamp is requested on every receive; the clock is only a guard against a queue
     * implementation that omits it.
     */
    private LocalDate createDate(InboundMessage message) {
        return LocalDate.ofInstant(message.sentAt() != null ? message.sentAt() : clock.instant(), ZoneOffset.UTC);
    }
}
