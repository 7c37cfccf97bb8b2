package io.pixtrace.instrumentation.libvips;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LibvipsNamesTest {
  @Test
  void imageOperationsAndHousekeepingAreTold() {
    assertThat(LibvipsNames.isOperation("vips_thumbnail_buffer")).isTrue();
    assertThat(LibvipsNames.isOperation("vips_image_write_to_buffer")).isTrue();
    assertThat(LibvipsNames.isOperation("vips_image_copy_memory")).isTrue();
    assertThat(LibvipsNames.isOperation("vips_smartcrop")).isTrue();
    assertThat(LibvipsNames.isOperation("vips_image_get_width")).isFalse();
    assertThat(LibvipsNames.isOperation("vips_init")).isFalse();
    assertThat(LibvipsNames.isOperation("vips_cache_set_max")).isFalse();
    assertThat(LibvipsNames.isOperation("vips_image_set_progress")).isFalse();
    assertThat(LibvipsNames.isOperation("vips_image_write_to_buffer$handle")).isFalse();
    assertThat(LibvipsNames.isOperation("g_object_unref")).isFalse();
    assertThat(LibvipsNames.isOperation(null)).isFalse();
  }

  @Test
  void theEmptyImageConstructorIsNotImageWorkButTheLoadsBesideItAre() {
    // The boundary of the list: vips_image_new() holds no image; the longer names are loads.
    assertThat(LibvipsNames.isOperation("vips_image_new")).isFalse();
    assertThat(LibvipsNames.isOperation("vips_image_new_memory")).isFalse();
    assertThat(LibvipsNames.isOperation("vips_image_new_temp_file")).isFalse();
    assertThat(LibvipsNames.isOperation("vips_image_new_from_buffer")).isTrue();
    assertThat(LibvipsNames.isOperation("vips_image_new_from_file")).isTrue();
    assertThat(LibvipsNames.isOperation("vips_image_new_from_memory")).isTrue();
    assertThat(LibvipsNames.isOperation("vips_image_newish")).isTrue();
  }

  @Test
  void namesAndFormats() {
    assertThat(LibvipsNames.cName("a.vips_h$vips_image_new_from_buffer")).isEqualTo("vips_image_new_from_buffer");
    assertThat(LibvipsNames.cName("vips_avg")).isEqualTo("vips_avg");
    assertThat(LibvipsNames.nickname("vips_image_write_to_buffer")).isEqualTo("image_write_to_buffer");
    assertThat(LibvipsNames.nickname("VipsForeignSaveJpegBuffer")).isEqualTo("jpegsave_buffer");
    assertThat(LibvipsNames.nickname("VipsForeignLoadPngFile")).isEqualTo("pngload");
    assertThat(LibvipsNames.nickname("thumbnail_image")).isEqualTo("thumbnail_image");
    assertThat(LibvipsNames.spanName("vips_smartcrop")).isEqualTo("vips smartcrop");
    assertThat(LibvipsNames.spanName("VipsForeignSaveWebpTarget")).isEqualTo("vips webpsave_target");
    assertThat(LibvipsNames.formatOfSuffix(".webp[Q=80]")).isEqualTo("webp");
    assertThat(LibvipsNames.formatOfSuffix(".jpg")).isEqualTo("jpeg");
    assertThat(LibvipsNames.formatOfLoader("jpegload_buffer")).isEqualTo("jpeg");
    assertThat(LibvipsNames.formatOfLoader("VipsForeignLoadPngBuffer")).isEqualTo("png");
    assertThat(LibvipsNames.formatOfSaver("vips_webpsave_buffer")).isEqualTo("webp");
    assertThat(LibvipsNames.formatOfSaver("VipsForeignSaveJpegTarget")).isEqualTo("jpeg");
    assertThat(LibvipsNames.formatOfSaver("tiffsave")).isEqualTo("tiff");
    assertThat(LibvipsNames.formatOfSaver("vips_thumbnail")).isNull();
  }
}
