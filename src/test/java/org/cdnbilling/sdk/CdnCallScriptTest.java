package org.cdnbilling.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The README's signed-call helper, {@code scripts/cdn-call}, run as a newcomer would run it. */
@DemoApplicationTest
class CdnCallScriptTest {

    @LocalServerPort
    int port;

    record Run(int exitCode, String output) {
    }

    private Run cdnCall(TestAccount account, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "scripts/cdn-call"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CDN_ACCESS_KEY_ID", account.accessKeyId());
        builder.environment().put("CDN_ACCESS_KEY_SECRET", account.accessKeySecret());
        builder.environment().put("CDN_ENDPOINT", "http://127.0.0.1:" + port);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void opensAndDescribesWithEachSignatureMethod() throws Exception {
        TestAccount v1 = Accounts.createEligibleAccount(new HttpTestClient(port));
        Run opened = cdnCall(v1, "OpenCdnService", "InternetChargeType=PayByTraffic");
        assertThat(opened.exitCode()).as(opened.output()).isZero();
        assertThat(opened.output()).startsWith("HTTP 200").contains("\"RequestId\"");

        TestAccount post = Accounts.createEligibleAccount(new HttpTestClient(port));
        assertThat(cdnCall(post, "--post", "OpenCdnService", "InternetChargeType=PayByBandwidth").exitCode()).isZero();

        TestAccount v3 = Accounts.createEligibleAccount(new HttpTestClient(port));
        assertThat(cdnCall(v3, "--v3", "OpenCdnService", "InternetChargeType=PayByTraffic").exitCode()).isZero();
        Run described = cdnCall(v3, "--v3", "DescribeCdnService");
        assertThat(described.exitCode()).as(described.output()).isZero();
        assertThat(described.output()).contains("\"InternetChargeType\": \"PayByTraffic\"");
    }

    @Test
    void callsTheBillAndUsageApisWithTimesInTheirParameters() throws Exception {
        TestAccount account = Accounts.createOpenedAccount(new HttpTestClient(port), java.time.Clock.systemUTC(),
                "PayByTraffic");
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String start = "StartTime=" + now.minus(java.time.Duration.ofHours(1));
        String end = "EndTime=" + now.plus(java.time.Duration.ofHours(1));

        for (String[] signing : new String[][] {{}, {"--post"}, {"--v3"}}) {
            List<String> arguments = new ArrayList<>(List.of(signing));
            arguments.addAll(List.of("DescribeCdnUserBillType", start, end));
            Run types = cdnCall(account, arguments.toArray(String[]::new));
            assertThat(types.exitCode()).as(types.output()).isZero();
            assertThat(types.output()).startsWith("HTTP 200").contains("\"BillType\": \"hour_flow\"");
        }
        Run usage = cdnCall(account, "--v3", "DescribeDomainUsageData", "Field=traf", "Interval=300", start, end);
        assertThat(usage.exitCode()).as(usage.output()).isZero();
        assertThat(usage.output()).contains("\"DataModule\"", "\"Value\": \"0\"");
        Run history = cdnCall(account, "DescribeCdnUserBillHistory", start, end);
        assertThat(history.output()).startsWith("HTTP 200").contains("\"BillHistoryDataItem\": []");

        Run refused = cdnCall(account, "DescribeCdnUserBillHistory", "StartTime=yesterday", end);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).startsWith("HTTP 400").contains("\"Code\": \"InvalidStartTime.Malformed\"");
    }

    @Test
    void showsTheDocumentedErrorAndFails() throws Exception {
        Run refused = cdnCall(TestAccount.demo(1003), "OpenCdnService", "InternetChargeType=PayByTraffic");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).startsWith("HTTP 400").contains("\"Code\": \"VertifyFailUserProfileComplete\"");
    }
}
