package org.cdnbilling.billing;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.cdnbilling.account.Site;
import org.cdnbilling.cdnservice.InternetChargeType;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which charge types each site sells ({@code cdn.billing.charge-types.domestic=PayByTraffic,...}). A site
 * not configured sells every charge type.
 */
@ConfigurationProperties("cdn.billing")
public record ChargeTypeOffers(Map<Site, Set<InternetChargeType>> chargeTypes) {

    public ChargeTypeOffers {
        chargeTypes = chargeTypes == null ? Map.of() : Map.copyOf(chargeTypes);
    }

    public boolean sells(Site site, InternetChargeType chargeType) {
        return chargeTypes.getOrDefault(site, EnumSet.allOf(InternetChargeType.class)).contains(chargeType);
    }
}
