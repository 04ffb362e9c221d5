package org.gradflow.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Message frames, HMAC signatures and their checks. */
class WireCodecTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signaturesMatchTheRfc4231TestVector() {
        // RFC 4231 test case 1: key = 20 bytes of 0x0b, data = "Hi There"; the four frames are concatenated.
        Signer signer = new Signer("\u000b".repeat(20));
        String expected = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
        assertEquals(expected, signer.sign(utf8("Hi"), utf8(" "), utf8("The"), utf8("re")));
        assertTrue(signer.verify(utf8(expected), utf8("Hi"), utf8(" "), utf8("The"), utf8("re")));
        assertTrue(!signer.verify(utf8(expected), utf8("Hi"), utf8(" "), utf8("The"), utf8("ro")));
    }

    @Test
    void anEmptyKeyMeansUnsignedMessages() {
        assertEquals("", new Signer("").sign(utf8("{}"), utf8("{}"), utf8("{}"), utf8("{}")));
    }

    private static Message request(WireCodec codec) {
        JsonObject content = new JsonObject();
        content.addProperty("code", "1 + 1");
        Message m = codec.publish(new JsonObject(), "execute_request", content);
        return new Message(List.of(utf8("client-7")), m.header(), m.parentHeader(), m.metadata(), m.content(), List.of());
    }

    @Test
    void encodedMessagesDecodeToTheSameMessage() throws Exception {
        WireCodec codec = new WireCodec(new Signer("secret"));
        Message original = request(codec);
        Message decoded = codec.decode(codec.encode(original));
        assertEquals("execute_request", decoded.type());
        assertEquals("1 + 1", decoded.string("code", ""));
        assertArrayEquals(utf8("client-7"), decoded.identities().get(0));
        Message reply = codec.reply(decoded, "execute_reply", new JsonObject());
        assertEquals(original.id(), reply.parentHeader().get("msg_id").getAsString());
        assertArrayEquals(utf8("client-7"), reply.identities().get(0));
    }

    @Test
    void wrongMissingOrMalformedMessagesAreRejected() {
        WireCodec kernel = new WireCodec(new Signer("secret"));
        WireCodec forger = new WireCodec(new Signer("guess"));
        WireCodec unsigned = new WireCodec(new Signer(""));
        Exception wrong = assertThrows(WireCodec.BadMessageException.class,
                () -> kernel.decode(forger.encode(request(forger))));
        assertEquals("wrong HMAC signature", wrong.getMessage());
        Exception missing = assertThrows(WireCodec.BadMessageException.class,
                () -> kernel.decode(unsigned.encode(request(unsigned))));
        assertEquals("missing HMAC signature", missing.getMessage());
        List<byte[]> truncated = new ArrayList<>(kernel.encode(request(kernel)));
        truncated.remove(truncated.size() - 1);
        assertThrows(WireCodec.BadMessageException.class, () -> kernel.decode(truncated));
        assertThrows(WireCodec.BadMessageException.class, () -> kernel.decode(List.of(utf8("no delimiter"))));
    }

    @Test
    void aReplayedSignedMessageIsRefusedAndTheHistoryIsBounded() throws Exception {
        WireCodec codec = new WireCodec(new Signer("secret"));
        List<byte[]> frames = codec.encode(request(codec));
        codec.decode(frames);
        WireCodec.BadMessageException e = assertThrows(WireCodec.BadMessageException.class, () -> codec.decode(frames));
        assertTrue(e.getMessage().contains("replayed"), e.getMessage());
        // a fresh message (new msg_id, so a new signature) is still welcome
        codec.decode(codec.encode(request(codec)));
        // only the most recent REPLAY_HISTORY signatures are remembered
        for (int i = 0; i < WireCodec.REPLAY_HISTORY; i++) {
            codec.decode(codec.encode(request(codec)));
        }
        codec.decode(frames);
    }

    @Test
    void unsignedSessionsAcceptTheSameMessageAgain() throws Exception {
        WireCodec codec = new WireCodec(new Signer(""));
        List<byte[]> frames = codec.encode(request(codec));
        codec.decode(frames);
        codec.decode(frames);
    }

    @Test
    void tamperedContentFailsTheSignature() {
        WireCodec codec = new WireCodec(new Signer("secret"));
        List<byte[]> frames = new ArrayList<>(codec.encode(request(codec)));
        frames.set(frames.size() - 1, utf8("{\"code\": \"System.exit(0)\"}"));
        assertThrows(WireCodec.BadMessageException.class, () -> codec.decode(frames));
    }

    private static List<byte[]> signed(Signer signer, String header, String content) {
        byte[] h = utf8(header);
        byte[] empty = utf8("{}");
        byte[] c = utf8(content);
        return List.of(utf8("<IDS|MSG>"), utf8(signer.sign(h, empty, empty, c)), h, empty, empty, c);
    }

    @Test
    void aSignedHeaderWithoutATypeStringIsRejected() {
        Signer signer = new Signer("secret");
        WireCodec codec = new WireCodec(signer);
        for (String type : new String[] {"null", "17", "{\"a\": 1}", "[\"x\"]"}) {
            Exception e = assertThrows(WireCodec.BadMessageException.class,
                    () -> codec.decode(signed(signer, "{\"msg_id\": \"" + type.hashCode() + "\", \"msg_type\": " + type + "}",
                            "{}")));
            assertEquals("the header has no msg_type string", e.getMessage());
        }
    }

    @Test
    void aDeeplyNestedSignedFrameIsRejectedBeforeParsing() {
        Signer signer = new Signer("secret");
        WireCodec codec = new WireCodec(signer);
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        Exception e = assertThrows(WireCodec.BadMessageException.class,
                () -> codec.decode(signed(signer, "{\"msg_type\": \"kernel_info_request\", \"x\": " + deep + "}", "{}")));
        assertEquals("a JSON frame nests 20001 levels deep (at most " + WireCodec.MAX_DEPTH + ")", e.getMessage());
    }

    @Test
    void nestingIsCountedOutsideStringsOnly() {
        // Hand-counted: {"a": [{"b": "[[[{{{"}]} nests 3 deep; brackets and an escaped quote inside strings do not count.
        assertEquals(3, WireCodec.depth(utf8("{\"a\": [{\"b\": \"[[[{{{\\\"[\"}]}")));
        assertEquals(0, WireCodec.depth(utf8("\"{\"")));
        assertEquals(1, WireCodec.depth(utf8("{}")));
    }

    @Test
    void messageAccessorsGiveTheFallbackForFieldsOfTheWrongType() {
        JsonObject header = com.google.gson.JsonParser.parseString("{\"msg_type\": null, \"msg_id\": {\"a\": 1}}")
                .getAsJsonObject();
        JsonObject content = com.google.gson.JsonParser.parseString(
                "{\"code\": {\"x\": 1}, \"silent\": \"yes\", \"cursor_pos\": \"seven\", \"n\": 1e30}").getAsJsonObject();
        Message m = new Message(List.of(), header, new JsonObject(), new JsonObject(), content, List.of());
        assertEquals("", m.type());
        assertEquals("", m.id());
        assertEquals("fallback", m.string("code", "fallback"));
        assertEquals(true, m.flag("silent", true));
        assertEquals(-1, m.integer("cursor_pos", -1));
        assertEquals(-1, m.integer("n", -1));
        assertEquals("Message(, id=)", m.toString());
    }
}
