package org.cdnbilling.support;

import com.aliyun.teaopenapi.models.Config;
import com.aliyuncs.AcsRequest;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;

/**
 * Alibaba Cloud's official Java SDKs pointed at the application on a local port, as the wire reference says
 * (alibaba-openapi-wire.md §3.3): {@code cdn20180510} 3.4.1 (Tea; signature V3, or V1 with "v2") and
 * {@code aliyun-java-sdk-cdn} 3.8.8 with {@code aliyun-java-sdk-core} 4.7.10 (signature V1).
 */
public final class OfficialSdks {

    private OfficialSdks() {
    }

    /** A Tea client signing with V3, or with V1 if {@code v1}. */
    public static com.aliyun.cdn20180510.Client tea(int port, TestAccount account, boolean v1) throws Exception {
        Config config = new Config().setAccessKeyId(account.accessKeyId()).setAccessKeySecret(account.accessKeySecret())
                .setEndpoint("127.0.0.1:" + port).setProtocol("http");
        if (v1) {
            config.setSignatureAlgorithm("v2");
        }
        return new com.aliyun.cdn20180510.Client(config);
    }

    /** A v1 SDK client with the account's key; its requests go where {@link #local} points them. */
    public static IAcsClient v1Client(TestAccount account) {
        DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou", account.accessKeyId(), account.accessKeySecret());
        HttpClientConfig config = HttpClientConfig.getDefault();
        config.setProtocolType(ProtocolType.HTTP);
        profile.setHttpClientConfig(config);
        return new DefaultAcsClient(profile);
    }

    /** A v1 SDK request sent to the application over HTTP. */
    public static <T extends AcsRequest<?>> T local(int port, T request) {
        request.setSysEndpoint("127.0.0.1:" + port);
        request.setSysProtocol(ProtocolType.HTTP);
        return request;
    }

    /** A v1 SDK request of an action its models do not have, sent as the SDK sends its own (POST). */
    public static CommonRequest common(int port, String action) {
        CommonRequest request = new CommonRequest();
        request.setSysDomain("127.0.0.1:" + port);
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysMethod(MethodType.POST);
        request.setSysVersion("2018-05-10");
        request.setSysAction(action);
        return request;
    }
}
