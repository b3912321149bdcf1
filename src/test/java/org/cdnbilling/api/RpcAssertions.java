package org.cdnbilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.cdnbilling.support.HttpTestClient;

/** The shape every RPC error must have, whatever its code. */
public final class RpcAssertions {

    private RpcAssertions() {
    }

    public static void assertError(HttpTestClient.Reply reply, int status, String code, String message) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        assertThat(reply.header("x-acs-request-id")).isNotBlank();
        assertThat(reply.json())
                .containsOnlyKeys("RequestId", "HostId", "Code", "Message", "Recommend")
                .containsEntry("Code", code)
                .containsEntry("RequestId", reply.header("x-acs-request-id"))
                .containsEntry("HostId", "cdn.aliyuncs.com");
        if (message != null) {
            assertThat(reply.json()).containsEntry("Message", message);
        }
    }
}
