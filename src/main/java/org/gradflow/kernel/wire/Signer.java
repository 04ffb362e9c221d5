package org.gradflow.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of messages: {@code hex(HMAC(key, header + parent_header + metadata + content))}.
 * With an empty key messages are unsigned (the signature is the empty string), as the protocol allows.
 */
public final class Signer {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final SecretKeySpec key;
    /** One initialised MAC per thread (shell, control and output threads sign and verify): doFinal resets it. */
    private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(this::newMac);

    /** A signer for the connection file's key. */
    public Signer(String key) {
        this.key = key.isEmpty() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The hex signature of the four JSON frames. */
    public String sign(byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (key == null) {
            return "";
        }
        Mac hmac = mac.get();
        hmac.update(header);
        hmac.update(parent);
        hmac.update(metadata);
        hmac.update(content);
        byte[] digest = hmac.doFinal();
        char[] hex = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(hex);
    }

    /** Whether {@code signature} signs the frames; compared in constant time. */
    public boolean verify(byte[] signature, byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        byte[] expected = sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }

    private Mac newMac() {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return hmac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
        }
    }
}
