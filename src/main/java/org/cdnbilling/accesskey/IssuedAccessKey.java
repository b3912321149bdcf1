package org.cdnbilling.accesskey;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A newly issued pair: the only time the secret is shown. */
public record IssuedAccessKey(@JsonProperty("AccessKeyId") String accessKeyId,
        @JsonProperty("AccessKeySecret") String accessKeySecret) {
}
