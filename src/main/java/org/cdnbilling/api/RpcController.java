package org.cdnbilling.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.gateway.CallAdmission;
import org.cdnbilling.gateway.Caller;
import org.slf4j.MDC;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/** The Alibaba-style RPC endpoint: {@code GET} or {@code POST /?Action=...&Version=2018-05-10&...}. */
@RestController
class RpcController {

    static final String API_VERSION = "2018-05-10";

    private final Map<String, RpcAction> actions;
    private final RpcCallReader reader;
    private final CallAdmission admission;
    private final RpcResponses responses;

    RpcController(List<RpcAction> actions, RpcCallReader reader, CallAdmission admission, RpcResponses responses) {
        this.actions = actions.stream().collect(Collectors.toUnmodifiableMap(RpcAction::name, Function.identity()));
        this.reader = reader;
        this.admission = admission;
        this.responses = responses;
    }

    /** Every method is mapped, so that those other than GET and POST get the documented JSON refusal. */
    @RequestMapping(path = "/", method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT,
            RequestMethod.DELETE, RequestMethod.PATCH, RequestMethod.OPTIONS})
    ResponseEntity<Object> call(HttpServletRequest request) throws IOException {
        if (!"GET".equals(request.getMethod()) && !"POST".equals(request.getMethod())) {
            throw new ApiException(ErrorCode.UNSUPPORTED_HTTP_METHOD);
        }
        RpcCall call = reader.read(request, RequestIds.of(request));
        String actionName = call.parameterOrHeader("Action", "x-acs-action")
                .orElseThrow(() -> new ApiException(ErrorCode.MISSING_PARAMETER, "Action"));
        String version = call.parameterOrHeader("Version", "x-acs-version")
                .orElseThrow(() -> new ApiException(ErrorCode.MISSING_PARAMETER, "Version"));
        RpcAction action = actions.get(actionName);
        if (action == null) {
            throw new ApiException(ErrorCode.INVALID_ACTION);
        }
        if (!API_VERSION.equals(version)) {
            throw new ApiException(ErrorCode.INVALID_VERSION);
        }
        // signature, unused nonce, flow limit, then the nonce recorded: a refused call writes nothing
        Caller caller = admission.admit(call, action.name());
        MDC.put(RequestIds.MDC_OWNER_ID, Long.toString(caller.ownerId()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", call.requestId());
        body.putAll(action.handle(call, caller));
        return responses.success(body);
    }
}
