package org.cdnbilling.api;

import java.util.Map;
import org.cdnbilling.gateway.Caller;

/** One action of the RPC API, such as {@code OpenCdnService}. */
public interface RpcAction {

    /** The action's name, the value of the {@code Action} parameter. */
    String name();

    /**
     * Performs the call of an authenticated caller.
     *
     * @return the fields of the success response besides {@code RequestId}, in order
     * @throws org.cdnbilling.error.ApiException with the documented code if the call is refused
     */
    Map<String, Object> handle(RpcCall call, Caller caller);
}
