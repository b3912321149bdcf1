package org.cdnbilling.accesskey.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import org.cdnbilling.accesskey.AccessKey;

/** {@code {"Status":"Inactive"}} disables a key, {@code "Active"} enables it again. */
record AccessKeyStatusChange(@JsonProperty("Status") @NotNull AccessKey.Status status) {
}
