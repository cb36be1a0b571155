package io.loginetl.masking;

import io.loginetl.config.EtlConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The current masking key and the previous ones still valid for look-ups
 * ({@code ETL_MASKING_PREVIOUS_KEYS}). Only the current key masks new rows; a look-up by a raw value
 * masks it under every valid key, and {@code rekey} moves rows from a previous key to the current one.
 * A malformed previous key fails the command that needs it, with the same message as a current one.
 */
@Singleton
public class MaskingKeys {

    private static final String PREVIOUS_SETTING = "ETL_MASKING_PREVIOUS_KEYS (etl.masking.previous-keys)";

    private final Masker current;
    private final List<Masker> previous;

    @Inject
    public MaskingKeys(Masker current, EtlConfig config) {
        this(current, config.masking().previousKeys().orElse(List.of()));
    }

    public MaskingKeys(Masker current, List<String> previousKeys) {
        this.current = current;
        List<Masker> keys = new ArrayList<>();
        for (int i = 0; i < previousKeys.size(); i++) {
            keys.add(new Masker(Optional.of(previousKeys.get(i)), PREVIOUS_SETTING + " entry " + (i + 1)));
        }
        this.previous = List.copyOf(keys);
    }

    public Masker current() {
        return current;
    }

    /** The current key first, then the previous ones in configured order. */
    public List<Masker> valid() {
        List<Masker> all = new ArrayList<>(previous.size() + 1);
        all.add(current);
        all.addAll(previous);
        return all;
    }
}
