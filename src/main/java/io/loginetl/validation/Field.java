package io.loginetl.validation;

/**
 * The schema fields we read. Declaration order is the order in which problems are reported, so
 * the same bad body always yields the same rejection whatever the key order in the JSON.
 */
enum Field {
    USER_ID("user_id"),
    IP("ip"),
    DEVICE_ID("device_id"),
    DEVICE_TYPE("device_type"),
    LOCALE("locale"),
    APP_VERSION("app_version");

    static final int COUNT = values().length;

    /** Key in the JSON body; also the only field text that may appear in a {@link Rejection}. */
    final String jsonName;

    Field(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The schema field for a JSON key, or {@code null} for keys we ignore. */
    static Field byJsonName(String key) {
        // A string switch hashes once instead of scanning values() for every key of every event.
        return switch (key) {
            case "user_id" -> USER_ID;
            case "ip" -> IP;
            case "device_id" -> DEVICE_ID;
            case "device_type" -> DEVICE_TYPE;
            case "locale" -> LOCALE;
            case "app_version" -> APP_VERSION;
            default -> null;
        };
    }
}
