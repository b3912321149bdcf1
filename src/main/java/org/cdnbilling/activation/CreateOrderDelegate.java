package org.cdnbilling.activation;

import static org.cdnbilling.activation.Rejections.reject;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cdnbilling.account.Account;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.billing.ChargeTypeOffers;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.order.CdnOrder;
import org.cdnbilling.order.OrderAlreadyPlacedException;
import org.cdnbilling.order.OrderBook;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Create order: the charge type must be sold on the account's site; the order is recorded and its id
 * carried by the process. A second live order of the account is refused by the database, and a failing
 * order store fails the request; either way nothing of the request is kept.
 */
@Component
public class CreateOrderDelegate implements JavaDelegate {

    private final Accounts accounts;
    private final ChargeTypeOffers offers;
    private final OrderBook orderBook;

    CreateOrderDelegate(Accounts accounts, ChargeTypeOffers offers, OrderBook orderBook) {
        this.accounts = accounts;
        this.offers = offers;
        this.orderBook = orderBook;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ActivationVariables call = ActivationVariables.of(execution);
        Account account = accounts.findById(call.ownerId())
                .orElseThrow(() -> reject(ErrorCode.CREATE_ORDER_FAILED_ACCOUNT_QUERY));
        if (!offers.sells(account.site(), call.chargeType())) {
            throw reject(ErrorCode.CREATE_ORDER_FAILED_CHARGE_TYPE);
        }
        CdnOrder order;
        try {
            order = orderBook.place(call.ownerId(), call.chargeType(), call.requestId());
        } catch (OrderAlreadyPlacedException e) {
            throw new ApiException(ErrorCode.SERVICE_HAS_OPENED, null, e);
        } catch (DataAccessException e) {
            throw new ApiException(ErrorCode.CREATE_ORDER_FAILED, null, e);
        }
        execution.setVariable(ActivationProcess.VAR_ORDER_ID, order.id());
    }
}
