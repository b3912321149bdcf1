package org.cdnbilling.error;

import org.springframework.http.HttpStatus;

/**
 * Every error a caller of the RPC API can receive: the documented code, its HTTP status and its message.
 * Codes with several documented messages have one constant per message. Messages with a {@code %s} take
 * the name of the parameter concerned.
 */
public enum ErrorCode {

    // OpenCdnService, as documented
    INVALID_CHARGE_TYPE("InvalidInternetChargeType.ValueNotSupported", 400,
            "The specified value of parameter InternetChargeType is not valid."),
    SERVICE_HAS_OPENED("CdnService.HasOpened", 400, "Your cdn service has opened."),
    INSUFFICIENT_BALANCE("InsufficientBalance", 400, "Your account does not have enough balance."),
    NO_REAL_NAME_AUTHENTICATION("NoRealNameAuthentication", 400, "Real name authentication is needed."),
    INVALID_PAY_METHOD("VertifyFailInvalidPayMethod", 400, "INVALID PAY METHOD"),
    USER_PROFILE_INCOMPLETE("VertifyFailUserProfileComplete", 400, "MISSING USERPROFILE"),
    CREATE_ORDER_FAILED("CreateOrderFailed", 400, "Create order failed."),
    CREATE_ORDER_FAILED_ACCOUNT_QUERY("CreateOrderFailed", 400, "Query account info error."),
    CREATE_ORDER_FAILED_CHARGE_TYPE("CreateOrderFailed", 400,
            "The specified value of parameter InternetChargeType is not valid."),
    QUERY_INFO_ERROR("QueryInfoError", 400, "Create order failed"),
    MISSING_OWNER("MissingParameter", 400,
            "The input parameter OwnerId or OwnerAccount that is mandatory for processing this request is not supplied."),
    FORBIDDEN_INTL("Forbidden.Intl", 403, "User not authorized to open Intl service."),
    FORBIDDEN_BID_USER("Forbidden.BidUser", 403, "Bid user is limited to open service."),

    // DescribeCdnService and ModifyCdnService, as documented
    OPERATION_DENIED("OperationDenied", 403, "Your account does not open CDN service yet."),
    MODIFY_INVALID_PAY_METHOD("FUWU_BIZ_COMMODITY_VERIFY_FAIL_INVALID_PAY_METHOD", 400, "INVALID_PAY_METHOD"),
    MODIFY_HAS_ORDER("FUWU_BIZ_COMMODITY_VERIFY_FAIL_HASORDER", 400, "You have an order not yet effective"),
    // any CDN API while the service is suspended for an overdue payment (older CDN API docs' common errors)
    SERVICE_SUSPENDED("OperationDenied", 403, "Your Cdn service is suspended."),

    // the bill and usage APIs (DescribeCdnUserBillHistory, DescribeCdnUserBillType,
    // DescribeCdnUserBillPrediction, DescribeDomainUsageData), as each one's error table documents them
    INVALID_PARAMETER_UNNAMED("InvalidParameter", 400, "The specified parameter is invalid."),
    START_TIME_MALFORMED("InvalidStartTime.Malformed", 400, "The specified value of parameter StartTime is malformed."),
    END_TIME_MALFORMED("InvalidEndTime.Malformed", 400, "The specified value of parameter EndTime is malformed."),
    TIMES_MALFORMED("InvalidTime.Malformed", 400, "Specified StartTime or EndTime is malformed."),
    PREDICTION_TIME_MALFORMED("InvalidTime.Malformed", 400, "Specified Time is malformed."),
    END_TIME_MISMATCH("InvalidEndTime.Mismatch", 400, "Specified EndTime does not match the specified StartTime."),
    TIME_SPAN_TOO_LONG("InvalidTimeSpan", 400, "The time span exceeds the limit."),
    START_TIME_NOT_SUPPORTED("InvalidStartTime.ValueNotSupported", 400,
            "The specified value of parameter StartTime is not supported."),
    INVALID_PARAMETER_START_TIME("InvalidParameterStartTime", 400, "The parameter StartTime is invalid."),
    INVALID_PARAMETER_END_TIME("InvalidParameterEndTime", 400, "The parameter EndTime is invalid."),
    INVALID_TIME_RANGE("InvalidTimeRange", 400, "Invalid StartTime and EndTime range."),
    INVALID_FIELD("InvalidParameterField", 400, "The specified Field is invalid."),
    INVALID_TYPE("InvalidParameterType", 400, "The specified Type is invalid."),
    INVALID_INTERVAL("InvalidIntervalParameter", 400, "The specified Interval is invalid."),
    BILL_TYPE_NOT_FOUND("BillTypeNotFound", 400,
            "The user billing type is not found or the billing type of this user is not the monthly billing type."),
    DOMAIN_NOT_FOUND("InvalidDomain.NotFound", 404, "The domain provided does not exist in our records."),
    // the common error tables of the CDN API spell it "Cdn" (DescribeCdnService's own page: OPERATION_DENIED)
    CDN_SERVICE_NOT_OPENED("OperationDenied", 403, "Your account does not open Cdn service yet."),

    // gateway-level, common to every action
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 400,
            "Specified signature is not matched with our calculation. server string to sign is:%s"),
    INCOMPLETE_SIGNATURE("IncompleteSignature", 400,
            "The request signature does not conform to Aliyun standards. %s"),
    ACCESS_KEY_NOT_FOUND("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found."),
    ACCESS_KEY_INACTIVE("InvalidAccessKeyId.Inactive", 400, "Specified access key is disabled."),
    SIGNATURE_NONCE_USED("SignatureNonceUsed", 400, "Specified signature nonce was used already."),
    TIMESTAMP_EXPIRED("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired."),
    TIMESTAMP_FORMAT("InvalidTimeStamp.Format", 400, "Specified time stamp or date value is not well formatted."),
    INVALID_SIGNATURE_METHOD("InvalidSignatureMethod", 400, "Specified signature method is not valid."),
    THROTTLING_USER("Throttling.User", 400, "Request was denied due to user flow control."),
    MISSING_PARAMETER("MissingParameter", 400,
            "The input parameter \"%s\" that is mandatory for processing this request is not supplied."),
    INVALID_PARAMETER("InvalidParameter", 400, "The specified value of parameter \"%s\" is not valid."),
    INVALID_VERSION("InvalidVersion", 400, "Specified parameter Version is not valid."),
    INVALID_ACTION("InvalidAction.NotFound", 404, "Specified api is not found, please check your url and method."),
    UNSUPPORTED_HTTP_METHOD("UnsupportedHTTPMethod", 400, "This http method not supported."),
    // a body above cdn.http.max-body-size: the message Alibaba's API Gateway documents for it (I413RL), under a code
    // in the style of the RPC gateway's (docs/error-codes.md)
    REQUEST_BODY_TOO_LARGE("RequestBodyTooLarge", 413, "Request body too Large"),
    INTERNAL_ERROR("InternalError", 500, "The request processing has failed due to some unknown error."),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503,
            "The request has failed due to a temporary failure of the server.");

    private final String code;
    private final HttpStatus status;
    private final String message;

    ErrorCode(String code, int status, String message) {
        this.code = code;
        this.status = HttpStatus.valueOf(status);
        this.message = message;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public String message() {
        return message;
    }

    /** The message, with the parameter name filled in where the message names one. */
    public String message(String parameter) {
        return message.contains("%s") ? message.formatted(parameter == null ? "" : parameter).strip() : message;
    }

    /** The constant for a code and message pair, as carried by a {@code BpmnError}. */
    public static ErrorCode of(String code, String message) {
        ErrorCode byCode = null;
        for (ErrorCode candidate : values()) {
            if (candidate.code.equals(code)) {
                if (candidate.message.equals(message)) {
                    return candidate;
                }
                if (byCode == null) {
                    byCode = candidate;
                }
            }
        }
        if (byCode == null) {
            throw new IllegalArgumentException("Undocumented error code " + code);
        }
        return byCode;
    }
}
