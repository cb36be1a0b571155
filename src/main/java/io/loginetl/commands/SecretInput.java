package io.loginetl.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A personal value given as {@code -} is read from the first line of standard input instead, so it
 * stays out of the shell history and the process list.
 */
final class SecretInput {

    private SecretInput() {
    }

    static String resolve(String value) {
        if (!"-".equals(value)) {
            return value;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read standard input", e);
        }
    }
}
