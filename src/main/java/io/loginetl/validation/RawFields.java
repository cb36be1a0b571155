package io.loginetl.validation;

/**
 * What the streaming pass saw for each schema field, before any field rule ran.
 *
 * <p>Collecting first and checking afterwards is what makes the reported problem independent of
 * key order, and lets structural problems anywhere in the body win over field problems.
 * Absent and JSON {@code null} are deliberately indistinguishable: every rule treats them alike.
 */
final class RawFields {

    private final String[] strings = new String[Field.COUNT];
    private final boolean[] wrongType = new boolean[Field.COUNT];

    void putString(Field field, String value) {
        strings[field.ordinal()] = value;
    }

    void markWrongType(Field field) {
        wrongType[field.ordinal()] = true;
    }

    /** The string value, or {@code null} when absent, JSON null or of the wrong type. */
    String string(Field field) {
        return strings[field.ordinal()];
    }

    boolean isWrongType(Field field) {
        return wrongType[field.ordinal()];
    }
}
