package org.cdnbilling.security;

/** A secret the service cannot run without is not configured. */
class MissingSettingException extends RuntimeException {

    enum Setting { OPERATOR, SECRET_KEY }

    private final Setting setting;

    MissingSettingException(Setting setting) {
        super("Missing setting: " + setting);
        this.setting = setting;
    }

    Setting setting() {
        return setting;
    }
}
