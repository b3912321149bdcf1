package org.cdnbilling.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The Alibaba Cloud site an account belongs to. */
public enum Site {
    DOMESTIC, INTERNATIONAL;

    @JsonValue
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Site fromJson(String value) {
        for (Site site : values()) {
            if (site.jsonValue().equals(value)) {
                return site;
            }
        }
        throw new IllegalArgumentException("site must be \"domestic\" or \"international\"");
    }
}
