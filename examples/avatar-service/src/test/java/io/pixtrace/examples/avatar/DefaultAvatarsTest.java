package io.pixtrace.examples.avatar;

import io.pixtrace.examples.avatar.libvips.ImageInfo;
import io.pixtrace.examples.avatar.libvips.Vips;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultAvatarsTest {

    private static final String ALICE = OriginServer.md5Hex("alice@example.com");
    private static final String BOB = OriginServer.md5Hex("bob@example.com");

    @Test
    void identiconIsDeterministicAndDependsOnTheHash() {
        assertThat(DefaultAvatars.identiconSvg(ALICE, 80)).isEqualTo(DefaultAvatars.identiconSvg(ALICE, 80));
        assertThat(DefaultAvatars.identiconSvg(ALICE, 80)).isNotEqualTo(DefaultAvatars.identiconSvg(BOB, 80));
        assertThat(DefaultAvatars.identiconSvg(ALICE, 80)).contains("width=\"80\"").contains("<rect x=");
    }

    @Test
    void generatedDefaultsRenderWithLibvips() {
        Vips.init();
        byte[] identicon = Vips.thumbnail(DefaultAvatars.identiconSvg(ALICE, 48).getBytes(StandardCharsets.UTF_8), 48, "png");
        byte[] blank = Vips.thumbnail(DefaultAvatars.blankSvg(48).getBytes(StandardCharsets.UTF_8), 48, "png");
        byte[] mp = Vips.thumbnail(DefaultAvatars.mysteryPerson(), 48, "png");

        assertThat(Vips.probe(identicon)).isEqualTo(new ImageInfo(48, 48, 4, "png"));
        assertThat(Vips.probe(blank)).isEqualTo(new ImageInfo(48, 48, 4, "png"));
        assertThat(Vips.probe(mp)).isEqualTo(new ImageInfo(48, 48, 3, "png"));
    }

    @Test
    void parsesDefaultKinds() {
        assertThat(DefaultAvatars.Kind.parse("404")).contains(DefaultAvatars.Kind.NOT_FOUND);
        assertThat(DefaultAvatars.Kind.parse("mp")).contains(DefaultAvatars.Kind.MYSTERY_PERSON);
        assertThat(DefaultAvatars.Kind.parse("mm")).contains(DefaultAvatars.Kind.MYSTERY_PERSON);
        assertThat(DefaultAvatars.Kind.parse("Identicon")).contains(DefaultAvatars.Kind.IDENTICON);
        assertThat(DefaultAvatars.Kind.parse("blank")).contains(DefaultAvatars.Kind.BLANK);
        assertThat(DefaultAvatars.Kind.parse("retro")).isEmpty();
    }

    @Test
    void gravatarStyleHash() {
        assertThat(OriginServer.md5Hex("  Alice@Example.com ")).isEqualTo(ALICE).hasSize(32).matches("[0-9a-f]+");
    }
}
