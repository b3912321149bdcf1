package org.cdnbilling.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The worked vectors of Alibaba's documentation and SDK helpers, reproduced byte for byte. */
class SignatureVectorsTest {

    private static final String EMPTY_BODY_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void v1OfficialVectorA() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccessKeyId", "testid");
        params.put("Action", "DescribeDedicatedHosts");
        params.put("Format", "JSON");
        params.put("RegionId", "cn-beijing");
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb");
        params.put("SignatureVersion", "1.0");
        params.put("Timestamp", "2023-03-13T08:34:30Z");
        params.put("Version", "2014-05-26");

        String stringToSign = RpcSignatureV1.stringToSign("GET", params, false);

        assertThat(stringToSign).isEqualTo("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDedicatedHosts%26Format"
                + "%3DJSON%26RegionId%3Dcn-beijing%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce"
                + "%3Dedb2b34af0af9a6d14deaf7c1a5315eb%26SignatureVersion%3D1.0%26Timestamp"
                + "%3D2023-03-13T08%253A34%253A30Z%26Version%3D2014-05-26");
        assertThat(RpcSignatureV1.sign(stringToSign, "testsecret")).isEqualTo("9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
    }

    @Test
    void v1OfficialVectorB() {
        Map<String, String> params = Map.of("AccessKeyId", "testid", "Action", "DescribeRegions", "Format", "XML",
                "SignatureMethod", "HMAC-SHA1", "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
                "SignatureVersion", "1.0", "Timestamp", "2016-02-23T12:46:24Z", "Version", "2014-05-26");

        assertThat(RpcSignatureV1.sign(RpcSignatureV1.stringToSign("GET", params, false), "testsecret"))
                .isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    }

    @Test
    void v1CdnVectorPostAndGet() {
        Map<String, String> params = Map.of("AccessKeyId", "testid", "Action", "OpenCdnService", "Format", "JSON",
                "InternetChargeType", "PayByTraffic", "SignatureMethod", "HMAC-SHA1",
                "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "SignatureVersion", "1.0",
                "Timestamp", "2024-01-01T12:00:00Z", "Version", "2018-05-10");

        String post = RpcSignatureV1.stringToSign("POST", params, false);

        assertThat(post).isEqualTo("POST&%2F&AccessKeyId%3Dtestid%26Action%3DOpenCdnService%26Format%3DJSON"
                + "%26InternetChargeType%3DPayByTraffic%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce"
                + "%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp"
                + "%3D2024-01-01T12%253A00%253A00Z%26Version%3D2018-05-10");
        assertThat(RpcSignatureV1.sign(post, "testsecret")).isEqualTo("aTYEhEeTdKJIIbnsQxJFBdeYGnU=");
        assertThat(RpcSignatureV1.sign(RpcSignatureV1.stringToSign("GET", params, false), "testsecret"))
                .isEqualTo("nu3ib5dD3z4bEj+9AHfC0vAaIZM=");
    }

    @Test
    void v1EmptyValuesAreIncludedOrSkippedByVariant() {
        Map<String, String> params = Map.of("Action", "OpenCdnService", "InternetChargeType", "");

        assertThat(RpcSignatureV1.stringToSign("POST", params, false))
                .isEqualTo("POST&%2F&Action%3DOpenCdnService%26InternetChargeType%3D");
        assertThat(RpcSignatureV1.stringToSign("POST", params, true)).isEqualTo("POST&%2F&Action%3DOpenCdnService");
    }

    @Test
    void percentEncodingOfSpecialCharacters() {
        assertThat(PercentEncoding.encode("Pay By*Tra~ffic/é+")).isEqualTo("Pay%20By%2ATra~ffic%2F%C3%A9%2B");
    }

    @Test
    void percentEncodingAgreesWithTheJdkDefinitionAlibabaDocuments() {
        // Alibaba's documentation defines it as java.net.URLEncoder's UTF-8 form with + * %7E replaced
        UnaryOperator<String> documented = value -> URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x800; c++) {
            every.append(c);
            String one = String.valueOf(c);
            assertThat(PercentEncoding.encode(one)).as("U+%04X", (int) c).isEqualTo(documented.apply(one));
        }
        for (String value : new String[] {"", "PayByTraffic", "2018-05-10T12:00:00Z", "a b", "\u4e2d\u6587",
                "\ud83d\ude00 emoji", "\ud83d unpaired", "tail\udc00", "~-_.", every.toString()}) {
            assertThat(PercentEncoding.encode(value)).as(value).isEqualTo(documented.apply(value));
        }
    }

    @Test
    void v3OfficialVector() {
        Map<String, String> headers = Map.of(
                "host", "ecs.cn-shanghai.aliyuncs.com",
                "x-acs-action", "RunInstances",
                "x-acs-content-sha256", EMPTY_BODY_HASH,
                "x-acs-date", "2023-10-26T10:22:32Z",
                "x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d",
                "x-acs-version", "2014-05-26");
        Map<String, String> query = Map.of("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
                "RegionId", "cn-shanghai");
        List<String> signed = List.of("host", "x-acs-action", "x-acs-content-sha256", "x-acs-date",
                "x-acs-signature-nonce", "x-acs-version");

        String canonical = Acs3Signature.canonicalRequest("POST", query, headers::get, signed,
                Acs3Signature.payloadHash(new byte[0]));
        String stringToSign = Acs3Signature.stringToSign(canonical);

        assertThat(stringToSign).isEqualTo(
                "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
        assertThat(Acs3Signature.sign(stringToSign, "YourAccessKeySecret"))
                .isEqualTo("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    }

    @Test
    void v3CdnVectorAndItsAuthorizationHeader() {
        String authorization = "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;"
                + "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                + "Signature=96d2bd6c7e8c84e629be0add7943c16f0b972c0c46e955bb6fcebe2d6334e5fc";
        Acs3Signature.Authorization parsed = Acs3Signature.Authorization.parse(authorization).orElseThrow();
        Map<String, String> headers = Map.of("host", "127.0.0.1:8080", "x-acs-action", "OpenCdnService",
                "x-acs-content-sha256", EMPTY_BODY_HASH, "x-acs-date", "2024-01-01T12:00:00Z",
                "x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d", "x-acs-version", "2018-05-10");

        String stringToSign = Acs3Signature.stringToSign(Acs3Signature.canonicalRequest("POST",
                Map.of("InternetChargeType", "PayByTraffic"), headers::get, parsed.signedHeaders(), EMPTY_BODY_HASH));

        assertThat(parsed.accessKeyId()).isEqualTo("testid");
        assertThat(stringToSign).endsWith("5305546a0893b97ea6d2d0252f53258ed6d2bec3088764e8f755126fd5f63102");
        assertThat(Acs3Signature.sign(stringToSign, "testsecret")).isEqualTo(parsed.signature());
    }

    @Test
    void v3AuthorizationFieldsAreReadByName() {
        var parsed = Acs3Signature.Authorization.parse("ACS3-HMAC-SHA256 Credential=ak,Signature=abc,"
                + "SignedHeaders=content-type;x-acs-action").orElseThrow();

        assertThat(parsed.signedHeaders()).containsExactly("content-type", "x-acs-action");
        assertThat(parsed.signature()).isEqualTo("abc");
        assertThat(Acs3Signature.Authorization.parse("ACS3-HMAC-SHA256 Credential=ak,Signature=abc")).isEmpty();
        assertThat(Acs3Signature.Authorization.parse("Bearer xyz")).isEmpty();
    }
}
