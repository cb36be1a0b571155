package io.loginetl.sealing;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

import java.security.GeneralSecurityException;

/**
 * Native image only. Tink's HPKE factories also offer the X-Wing KEM, which needs Conscrypt; Tink
 * declares Conscrypt optional and login-etl leaves it out (its keysets are X25519, see
 * {@link SealingKeysets}). The native-image builder links every reachable call at build time and
 * stops on the missing Conscrypt classes, so the two X-Wing factories are replaced by ones that
 * refuse, the answer the JVM gives too when Conscrypt is absent.
 */
final class TinkNativeSubstitutions {

    static final String NO_X_WING = "X-Wing HPKE keys need Conscrypt, which login-etl does not include; use X25519 keysets";

    private TinkNativeSubstitutions() {
    }
}

@TargetClass(className = "com.google.crypto.tink.hybrid.internal.XWingHpkeConscryptEncrypt")
final class Target_XWingHpkeConscryptEncrypt {

    @Substitute
    public static HybridEncrypt create(HpkePublicKey key) throws GeneralSecurityException {
        throw new GeneralSecurityException(TinkNativeSubstitutions.NO_X_WING);
    }
}

@TargetClass(className = "com.google.crypto.tink.hybrid.internal.XWingHpkeConscryptDecrypt")
final class Target_XWingHpkeConscryptDecrypt {

    @Substitute
    public static HybridDecrypt create(HpkePrivateKey key) throws GeneralSecurityException {
        throw new GeneralSecurityException(TinkNativeSubstitutions.NO_X_WING);
    }
}
