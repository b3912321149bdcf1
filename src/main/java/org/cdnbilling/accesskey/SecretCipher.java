package org.cdnbilling.accesskey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts AccessKeySecrets at rest with AES-256-GCM under a key derived from {@code CDN_SECRET_KEY}. The
 * AccessKeyId is authenticated with each secret, so a ciphertext cannot be moved to another key's row.
 * Stored form: {@code v1:} + Base64(12-byte IV + ciphertext + tag).
 */
@Component
public class SecretCipher {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(SecretKeySettings settings) {
        try {
            byte[] derived = MessageDigest.getInstance("SHA-256")
                    .digest(("cdn-access-key-secrets:" + settings.secretKey()).getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(derived, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public String encrypt(String accessKeyId, String secret) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, iv, accessKeyId, secret.getBytes(StandardCharsets.UTF_8));
        byte[] stored = new byte[IV_BYTES + sealed.length];
        System.arraycopy(iv, 0, stored, 0, IV_BYTES);
        System.arraycopy(sealed, 0, stored, IV_BYTES, sealed.length);
        return PREFIX + Base64.getEncoder().encodeToString(stored);
    }

    /**
     * @throws IllegalStateException if the ciphertext was not made with this key for this AccessKeyId
     */
    public String decrypt(String accessKeyId, String ciphertext) {
        if (!ciphertext.startsWith(PREFIX)) {
            throw new IllegalStateException("Unknown secret format for access key " + accessKeyId);
        }
        byte[] stored = Base64.getDecoder().decode(ciphertext.substring(PREFIX.length()));
        byte[] iv = Arrays.copyOfRange(stored, 0, IV_BYTES);
        byte[] sealed = Arrays.copyOfRange(stored, IV_BYTES, stored.length);
        return new String(run(Cipher.DECRYPT_MODE, iv, accessKeyId, sealed), StandardCharsets.UTF_8);
    }

    private byte[] run(int mode, byte[] iv, String accessKeyId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The secret of access key " + accessKeyId
                    + " cannot be decrypted: was CDN_SECRET_KEY changed?", e);
        }
    }
}
