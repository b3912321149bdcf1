package org.cdnbilling.accesskey.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.cdnbilling.accesskey.AccessKey;

/** An AccessKey as listed: never its secret. */
record AccessKeyView(@JsonProperty("AccessKeyId") String accessKeyId, @JsonProperty("Status") String status,
        @JsonProperty("CreateDate") Instant createDate, @JsonProperty("UpdateDate") Instant updateDate) {

    static AccessKeyView of(AccessKey key) {
        return new AccessKeyView(key.accessKeyId(), key.status().name(), key.createdAt(), key.updatedAt());
    }
}
