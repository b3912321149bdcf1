package org.cdnbilling.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the RPC API presents itself.
 *
 * @param hostId the {@code HostId} of error bodies: the endpoint callers use
 * @param recommendUrl the {@code Recommend} link of error bodies; {@code {code}} and {@code {requestId}}
 *     are filled in
 */
@ConfigurationProperties("cdn.api")
public record ApiSettings(
        @DefaultValue("cdn.aliyuncs.com") String hostId,
        @DefaultValue("https://api.aliyun.com/troubleshoot?q={code}&product=Cdn&requestId={requestId}")
        String recommendUrl) {

    String recommendFor(String code, String requestId) {
        return recommendUrl.replace("{code}", code).replace("{requestId}", requestId);
    }
}
