/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-list-entry.h"

G_BEGIN_DECLS

/*
 * Listing parsers: pure functions, no I/O.  @now anchors dates without a
 * year (the most recent such date not in the future); pass NULL for the
 * current time.
 */

/* One MLSD/MLST line ("type=file;size=12;modify=20240101120000; name").
 * NULL for lines that are not entries (cdir, pdir) or are unsafe. */
FerryListEntry *ferry_listing_parse_mlsd_line (const char *line,
                                               gsize       len);

/* One LIST line in any dialect the parser knows (Unix ls -l first).
 * NULL for "total N" lines, blank lines, ".", "..", unsafe names and lines
 * it cannot read.
 *
 * Names are the server's, with one exception each for two systems:
 * VMS folders lose their ".DIR;n" ("SUB.DIR;1" is "SUB", the name CWD
 * takes), VMS files keep their version ("LOGIN.COM;2": RETR of that
 * name fetches that version, and two versions stay two entries); VShell
 * and AS/400 folders lose the '/' they end with. */
FerryListEntry *ferry_listing_parse_list_line (const char *line,
                                               gsize       len,
                                               GDateTime  *now);

/* ---- lines that are not kept ------------------------------------------ */

/* Why a line of a listing gave no entry.  Lines that are not meant as
 * entries — blank lines, "total 42", the headers of MVS, Tandem and VMS
 * listings, MLSD's cdir/pdir facts — are never reported; everything else
 * that is not kept is, with one of these. */
typedef enum
{
  FERRY_LISTING_DROP_NONE = 0,       /* never reported */
  FERRY_LISTING_DROP_UNPARSEABLE,    /* no dialect reads the line */
  FERRY_LISTING_DROP_NAME_SLASH,     /* the entry's name holds '/' */
  FERRY_LISTING_DROP_NAME_CONTROL,   /* the name holds NUL, CR or LF */
  FERRY_LISTING_DROP_NAME_EMPTY,     /* the entry has no name */
  FERRY_LISTING_DROP_DOT,            /* "." or "..": the folder itself, its parent */
  FERRY_LISTING_DROP_TOO_LONG,       /* a line longer than FERRY_LISTING_MAX_LINE */
} FerryListingDropReason;

/* One line not kept.  @line is the line without its CR/LF (at most
 * FERRY_LISTING_MAX_DROP_LINE bytes of it, NUL-terminated, possibly not
 * UTF-8 and possibly holding control characters: escape it before
 * printing); @name is the entry's name as the dialect read it, for the
 * NAME_* and DOT reasons, else NULL. */
typedef struct
{
  FerryListingDropReason  reason;
  char                   *line;
  char                   *name;
} FerryListingDrop;

#define FERRY_LISTING_MAX_LINE       (1024 * 1024)
#define FERRY_LISTING_MAX_DROP_LINE  4096

#define FERRY_TYPE_LISTING_DROP (ferry_listing_drop_get_type ())
GType             ferry_listing_drop_get_type (void) G_GNUC_CONST;
FerryListingDrop *ferry_listing_drop_copy     (const FerryListingDrop *drop);
void              ferry_listing_drop_free     (FerryListingDrop *drop);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryListingDrop, ferry_listing_drop_free)

/* A short translated sentence for @reason ("the name contains '/'"). */
const char       *ferry_listing_drop_reason_describe (FerryListingDropReason reason);
/* Whether @reason means a real entry was refused (the NAME_* reasons and
 * TOO_LONG/UNPARSEABLE), as opposed to "." and "..", which every Unix
 * server lists and nobody wants to hear about. */
gboolean          ferry_listing_drop_is_skip  (FerryListingDropReason reason);

/* Called for each line not kept, in listing order, on the parsing
 * thread; @drop and its strings are valid only during the call (copy
 * with ferry_listing_drop_copy). */
typedef void (*FerryListingDropFunc) (const FerryListingDrop *drop,
                                      gpointer                user_data);

/* ---- whole listings ---------------------------------------------------- */

/* A whole listing as received from the data connection: splits on LF
 * (CRLF tolerated) and returns a GPtrArray of FerryListEntry with
 * ferry_list_entry_free as its free func. */
GPtrArray      *ferry_listing_parse           (const char *data,
                                               gsize       len,
                                               gboolean    mlsd,
                                               GDateTime  *now);

/* The same, and when @dropped is not NULL, *@dropped is set to a new
 * GPtrArray of FerryListingDrop (free func ferry_listing_drop_free, empty
 * when every line was kept or was not meant as an entry). */
GPtrArray      *ferry_listing_parse_full      (const char  *data,
                                               gsize        len,
                                               gboolean     mlsd,
                                               GDateTime   *now,
                                               GPtrArray  **dropped);

/* ---- listings as they arrive -------------------------------------------- */

/* An incremental parser: feed it the listing in pieces of any size (as
 * the data connection delivers them); it parses each line once it is
 * complete and appends the entries to the array given, keeping nothing
 * of the listing but the current, unfinished line (at most
 * FERRY_LISTING_MAX_LINE bytes of it; a longer line is dropped as
 * TOO_LONG) and a VMS name waiting for the rest of its entry.  The
 * entries, the drops and their order are exactly those of
 * ferry_listing_parse_full over the concatenated pieces. */
typedef struct _FerryListingParser FerryListingParser;

FerryListingParser *ferry_listing_parser_new      (gboolean              mlsd,
                                                   GDateTime            *now);
void                ferry_listing_parser_set_drop_func (FerryListingParser   *parser,
                                                        FerryListingDropFunc  func,
                                                        gpointer              user_data);
/* The server's SYST reply text ("MVS is the operating system of this
 * server", "UNIX Type: L8", "VMS OpenVMS V8.4"; NULL: not known).  On
 * MVS, a line that is only a name is a PDS member without statistics,
 * and member lines with hexadecimal sizes are read without their
 * header; on VMS, the VMS dialect is expected from the first line. */
void                ferry_listing_parser_set_system (FerryListingParser *parser,
                                                     const char         *syst);
/* Appends the entries of the lines completed by @data to @entries. */
void                ferry_listing_parser_feed     (FerryListingParser   *parser,
                                                   const char           *data,
                                                   gsize                 len,
                                                   GPtrArray            *entries);
/* The end of the listing: parses a last line without LF and anything
 * still waiting.  The parser can be fed again afterwards (a new listing
 * with the same settings). */
void                ferry_listing_parser_finish   (FerryListingParser   *parser,
                                                   GPtrArray            *entries);
void                ferry_listing_parser_free     (FerryListingParser   *parser);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryListingParser, ferry_listing_parser_free)

G_END_DECLS
