/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-ascii-converter.h"

struct _FerryAsciiConverter
{
  GObject              parent_instance;
  FerryAsciiDirection  direction;
  gboolean             held_cr;     /* TO_LOCAL: a CR not yet written */
  gboolean             last_cr;     /* TO_NETWORK: the last byte read was CR */
};

static void ferry_ascii_converter_iface_init (GConverterIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryAsciiConverter, ferry_ascii_converter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER,
                                                      ferry_ascii_converter_iface_init))

static GConverterResult
convert_to_local (FerryAsciiConverter *self,
                  const guint8        *in,
                  gsize                in_size,
                  guint8              *out,
                  gsize                out_size,
                  GConverterFlags      flags,
                  gsize               *bytes_read,
                  gsize               *bytes_written)
{
  gsize r = 0, w = 0;

  while (r < in_size)
    {
      guint8 c = in[r];

      if (self->held_cr)
        {
          /* CR LF → LF; CR anything-else → CR, then look at it again. */
          if (c == '\n')
            {
              if (w >= out_size)
                break;
              out[w++] = '\n';
              r++;
              self->held_cr = FALSE;
              continue;
            }
          if (w >= out_size)
            break;
          out[w++] = '\r';
          self->held_cr = FALSE;
          continue;
        }
      if (c == '\r')
        {
          self->held_cr = TRUE;
          r++;
          continue;
        }
      if (w >= out_size)
        break;
      out[w++] = c;
      r++;
    }

  /* At the end (or a flush) a held CR was a lone one: write it. */
  if (r == in_size && self->held_cr && (flags & (G_CONVERTER_INPUT_AT_END | G_CONVERTER_FLUSH)))
    {
      if (w < out_size)
        {
          out[w++] = '\r';
          self->held_cr = FALSE;
        }
    }

  *bytes_read = r;
  *bytes_written = w;
  if (r == in_size && !self->held_cr)
    {
      if (flags & G_CONVERTER_INPUT_AT_END)
        return G_CONVERTER_FINISHED;
      if (flags & G_CONVERTER_FLUSH)
        return G_CONVERTER_FLUSHED;
    }
  return G_CONVERTER_CONVERTED;
}

static GConverterResult
convert_to_network (FerryAsciiConverter *self,
                    const guint8        *in,
                    gsize                in_size,
                    guint8              *out,
                    gsize                out_size,
                    GConverterFlags      flags,
                    gsize               *bytes_read,
                    gsize               *bytes_written)
{
  gsize r = 0, w = 0;

  while (r < in_size)
    {
      guint8 c = in[r];

      if (c == '\n' && !self->last_cr)
        {
          if (w + 2 > out_size)
            break;
          out[w++] = '\r';
          out[w++] = '\n';
        }
      else
        {
          if (w >= out_size)
            break;
          out[w++] = c;
        }
      self->last_cr = c == '\r';
      r++;
    }

  *bytes_read = r;
  *bytes_written = w;
  if (r == in_size)
    {
      if (flags & G_CONVERTER_INPUT_AT_END)
        return G_CONVERTER_FINISHED;
      if (flags & G_CONVERTER_FLUSH)
        return G_CONVERTER_FLUSHED;
    }
  return G_CONVERTER_CONVERTED;
}

static GConverterResult
ferry_ascii_converter_convert (GConverter       *converter,
                               const void       *inbuf,
                               gsize             inbuf_size,
                               void             *outbuf,
                               gsize             outbuf_size,
                               GConverterFlags   flags,
                               gsize            *bytes_read,
                               gsize            *bytes_written,
                               GError          **error)
{
  FerryAsciiConverter *self = FERRY_ASCII_CONVERTER (converter);
  GConverterResult result;

  if (self->direction == FERRY_ASCII_TO_LOCAL)
    result = convert_to_local (self, inbuf, inbuf_size, outbuf, outbuf_size, flags,
                               bytes_read, bytes_written);
  else
    result = convert_to_network (self, inbuf, inbuf_size, outbuf, outbuf_size, flags,
                                 bytes_read, bytes_written);

  /* GConverter's contract: progress or an error that says why not. */
  if (*bytes_read == 0 && *bytes_written == 0 && result == G_CONVERTER_CONVERTED)
    {
      if (inbuf_size > 0)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "Output buffer too small");
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "Need more input");
      return G_CONVERTER_ERROR;
    }
  return result;
}

static void
ferry_ascii_converter_reset (GConverter *converter)
{
  FerryAsciiConverter *self = FERRY_ASCII_CONVERTER (converter);

  self->held_cr = FALSE;
  self->last_cr = FALSE;
}

static void
ferry_ascii_converter_iface_init (GConverterIface *iface)
{
  iface->convert = ferry_ascii_converter_convert;
  iface->reset = ferry_ascii_converter_reset;
}

static void
ferry_ascii_converter_class_init (FerryAsciiConverterClass *klass)
{
}

static void
ferry_ascii_converter_init (FerryAsciiConverter *self)
{
}

FerryAsciiConverter *
ferry_ascii_converter_new (FerryAsciiDirection direction)
{
  FerryAsciiConverter *self = g_object_new (FERRY_TYPE_ASCII_CONVERTER, NULL);

  self->direction = direction;
  return self;
}
