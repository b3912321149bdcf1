package org.cdnbilling.activation;

/** Names shared by {@code processes/cdn-activation.bpmn}, its delegates and its tests. */
public final class ActivationProcess {

    public static final String PROCESS_KEY = "cdn-activation";
    public static final String RESOURCE = "processes/cdn-activation.bpmn";

    public static final String VAR_OWNER_ID = "ownerId";
    public static final String VAR_CHARGE_TYPE = "internetChargeType";
    public static final String VAR_REQUEST_ID = "requestId";
    public static final String VAR_ORDER_ID = "orderId";
    public static final String VAR_REJECTION_CODE = "rejectionCode";
    public static final String VAR_REJECTION_MESSAGE = "rejectionMessage";

    public static final String TASK_VERIFY_PROFILE = "Task_VerifyProfile";
    public static final String TASK_VERIFY_PAYMENT_METHOD = "Task_VerifyPaymentMethod";
    public static final String TASK_CHECK_BALANCE = "Task_CheckBalance";
    public static final String TASK_CREATE_ORDER = "Task_CreateOrder";
    public static final String TASK_ACTIVATE_CDN_SERVICE = "Task_ActivateCdnService";

    public static final String END_ACTIVATED = "EndEvent_Activated";
    public static final String END_PROFILE_REJECTED = "EndEvent_ProfileRejected";
    public static final String END_PAYMENT_METHOD_REJECTED = "EndEvent_PaymentMethodRejected";
    public static final String END_BALANCE_REJECTED = "EndEvent_BalanceRejected";
    public static final String END_ORDER_REJECTED = "EndEvent_OrderRejected";
    public static final String END_ACTIVATION_REJECTED = "EndEvent_ActivationRejected";

    private ActivationProcess() {
    }
}
