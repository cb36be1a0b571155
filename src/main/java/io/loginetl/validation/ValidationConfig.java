package io.loginetl.validation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits that bound the work spent on one message before it is known to be valid. */
@ConfigMapping(prefix = "etl.validation")
public interface ValidationConfig {

    /** Largest accepted body, in UTF-8 bytes. Default 65536. */
    @WithDefault("65536")
    int maxBodyBytes();

    /** Deepest accepted nesting of objects/arrays; the top-level object counts as 1. Default 16. */
    @WithDefault("16")
    int maxDepth();
}
