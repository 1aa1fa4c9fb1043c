"""Schema as ordered migrations; ``PRAGMA user_version`` says which have run.

Append a migration to add a version; never edit one that has shipped.
Times are UTC ISO-8601 text with offset (``2026-11-28T09:00:00+00:00``), except one:
``comments.urgent_at`` is epoch seconds (INTEGER), because the queue sorts on it (after
``tier``) on the indexes ``comments_queue``, ``comments_brand_queue`` and
``comments_open_counts``; the view ``open_queue`` shows it as text too (``urgent_at_utc``).
"""

MIGRATIONS: list[str] = [
    # 1: everything the inbox and the calendar need.
    """
    CREATE TABLE brands (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        handles TEXT NOT NULL DEFAULT '',      -- our own author names, comma-separated
        created_at TEXT NOT NULL
    );
    CREATE TABLE channels (
        id INTEGER PRIMARY KEY,
        brand_id INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        platform TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'page',     -- page, group, website, newsletter...
        UNIQUE (brand_id, name)
    );
    CREATE TABLE goals (
        id INTEGER PRIMARY KEY,
        brand_id INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        slug TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'organic' CHECK (kind IN ('organic', 'ad')),
        colour TEXT NOT NULL DEFAULT 'white',
        target_share REAL NOT NULL DEFAULT 0 CHECK (target_share BETWEEN 0 AND 1),
        UNIQUE (brand_id, slug)
    );
    CREATE TABLE posts (
        id INTEGER PRIMARY KEY,
        brand_id INTEGER NOT NULL REFERENCES brands(id),
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        channel_id INTEGER NOT NULL REFERENCES channels(id),
        kind TEXT NOT NULL DEFAULT 'organic' CHECK (kind IN ('organic', 'ad')),
        scheduled_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft'
            CHECK (status IN ('draft', 'scheduled', 'published', 'cancelled')),
        campaign TEXT,
        link TEXT,
        goal_id INTEGER NOT NULL REFERENCES goals(id),
        rrule TEXT,                            -- RFC 5545 RRULE, local wall time
        exdates TEXT NOT NULL DEFAULT '[]',    -- JSON list of skipped occurrences (UTC ISO)
        series_id INTEGER REFERENCES posts(id) ON DELETE CASCADE,  -- an edited occurrence
        occurrence_at TEXT,                    -- which occurrence of the series it replaces
        tz TEXT NOT NULL DEFAULT 'UTC',        -- wall-time zone for recurrence
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX posts_by_time ON posts (brand_id, scheduled_at);
    CREATE INDEX posts_by_channel ON posts (channel_id, scheduled_at);
    CREATE INDEX posts_by_goal ON posts (goal_id);

    CREATE TABLE comments (
        id INTEGER PRIMARY KEY,
        brand_id INTEGER NOT NULL REFERENCES brands(id),
        platform TEXT NOT NULL,
        external_id TEXT NOT NULL,
        parent_external_id TEXT,
        post_ref TEXT,
        author TEXT NOT NULL DEFAULT '',
        author_id TEXT,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        permalink TEXT,
        likes INTEGER NOT NULL DEFAULT 0,
        reply_count INTEGER NOT NULL DEFAULT 0,
        language TEXT,
        compound REAL,
        pos REAL,
        neu REAL,
        neg REAL,
        band TEXT NOT NULL DEFAULT 'unscored'
            CHECK (band IN ('negative', 'neutral', 'positive', 'unscored')),
        is_question INTEGER NOT NULL DEFAULT 0,
        is_ours INTEGER NOT NULL DEFAULT 0,     -- written by the brand itself
        has_our_reply INTEGER NOT NULL DEFAULT 0, -- the thread already holds our answer
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open', 'replied', 'resolved', 'ignored', 'spam')),
        snoozed_until TEXT,
        assignee TEXT,
        flagged INTEGER NOT NULL DEFAULT 0,
        tier INTEGER NOT NULL DEFAULT 2,       -- 0 negative/flagged, 1 question/unscored, 2 other
        urgent_at INTEGER NOT NULL,            -- effective deadline, epoch s: order within a tier
        source_file TEXT,
        UNIQUE (platform, external_id)
    );
    CREATE INDEX comments_queue ON comments (status, tier, urgent_at);
    CREATE INDEX comments_brand_queue ON comments (brand_id, status, tier, urgent_at);
    CREATE INDEX comments_thread ON comments (platform, parent_external_id);
    CREATE INDEX comments_created ON comments (created_at);

    CREATE VIRTUAL TABLE comments_fts USING fts5 (
        text, author, content='comments', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    -- New rows reach the index in bulk from store.comments.insert_comments: an
    -- AFTER INSERT trigger costs ~60 us a row, the bulk INSERT ... SELECT ~5 us.
    CREATE TRIGGER comments_fts_ad AFTER DELETE ON comments BEGIN
        INSERT INTO comments_fts (comments_fts, rowid, text, author)
        VALUES ('delete', old.id, old.text, old.author);
    END;
    CREATE TRIGGER comments_fts_au AFTER UPDATE OF text, author ON comments BEGIN
        INSERT INTO comments_fts (comments_fts, rowid, text, author)
        VALUES ('delete', old.id, old.text, old.author);
        INSERT INTO comments_fts (rowid, text, author) VALUES (new.id, new.text, new.author);
    END;

    CREATE TABLE comment_labels (
        comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        PRIMARY KEY (comment_id, label)
    );
    CREATE INDEX comment_labels_by_label ON comment_labels (label);

    CREATE TABLE actions (                     -- append-only triage log
        id INTEGER PRIMARY KEY,
        batch TEXT NOT NULL,                   -- one key press on a selection = one batch
        comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        before TEXT NOT NULL DEFAULT '{}',     -- JSON of the fields it changed, for undo
        after TEXT NOT NULL DEFAULT '{}',
        undone_by INTEGER REFERENCES actions(id)
    );
    CREATE INDEX actions_by_comment ON actions (comment_id, at);
    CREATE INDEX actions_by_time ON actions (at);

    CREATE TABLE reply_templates (
        id INTEGER PRIMARY KEY,
        brand_id INTEGER REFERENCES brands(id) ON DELETE CASCADE,  -- NULL: every brand
        name TEXT NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (brand_id, name)
    );
    CREATE TABLE replies (
        id INTEGER PRIMARY KEY,
        comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
        action_id INTEGER REFERENCES actions(id),
        template_id INTEGER REFERENCES reply_templates(id) ON DELETE SET NULL,
        text TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        tone REAL
    );
    CREATE INDEX replies_by_comment ON replies (comment_id);

    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: language filter, brand word lists, comments linked to posts, outcomes, brand briefs.
    """
    CREATE INDEX comments_language ON comments (language);
    -- The calendar reads a range of all brands, and every series started before it.
    CREATE INDEX posts_by_scheduled ON posts (scheduled_at);
    -- Covers the header counts (open / negative / overdue): counted from the index alone.
    CREATE INDEX comments_open_counts ON comments (status, band, urgent_at, snoozed_until);

    CREATE TABLE brand_lexicon (               -- extra sentiment words/phrases per brand
        id INTEGER PRIMARY KEY,
        brand_id INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        phrase TEXT NOT NULL,
        valence REAL NOT NULL CHECK (valence BETWEEN -4 AND 4),
        UNIQUE (brand_id, phrase)
    );

    ALTER TABLE comments ADD COLUMN post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL;
    CREATE INDEX comments_by_post ON comments (post_id);

    CREATE TABLE post_links (                  -- where a post went out, to match comments to it
        id INTEGER PRIMARY KEY,
        post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        platform TEXT NOT NULL DEFAULT '',
        external_id TEXT,                      -- the platform's post id (comments' post_ref)
        url TEXT,                              -- its permalink
        UNIQUE (platform, external_id)
    );
    CREATE INDEX post_links_by_url ON post_links (url);

    CREATE TABLE outcomes (                    -- what a post or campaign brought
        id INTEGER PRIMARY KEY,
        post_id INTEGER REFERENCES posts(id) ON DELETE CASCADE,
        campaign TEXT,
        day TEXT,                              -- local date (YYYY-MM-DD); NULL: lifetime figures
        reach INTEGER NOT NULL DEFAULT 0,
        clicks INTEGER NOT NULL DEFAULT 0,
        leads INTEGER NOT NULL DEFAULT 0,
        sales INTEGER NOT NULL DEFAULT 0,
        revenue REAL NOT NULL DEFAULT 0,
        spend REAL NOT NULL DEFAULT 0,
        source TEXT,                           -- typed, or the file it came from
        CHECK (post_id IS NOT NULL OR campaign IS NOT NULL)
    );
    CREATE INDEX outcomes_by_post ON outcomes (post_id);
    CREATE INDEX outcomes_by_campaign ON outcomes (campaign);

    CREATE TABLE briefs (                      -- a brand's strategy: one row per brand
        brand_id INTEGER PRIMARY KEY REFERENCES brands(id) ON DELETE CASCADE,
        value_proposition TEXT NOT NULL DEFAULT '',
        tone TEXT NOT NULL DEFAULT 'friendly' CHECK (tone IN ('formal', 'friendly', 'playful')),
        address TEXT NOT NULL DEFAULT '',       -- forms of address
        never_words TEXT NOT NULL DEFAULT '[]', -- JSON lists
        preferred_words TEXT NOT NULL DEFAULT '[]',
        sign_off TEXT NOT NULL DEFAULT '',
        response_targets TEXT NOT NULL DEFAULT '{}', -- JSON {band: minutes}
        updated_at TEXT
    );
    CREATE TABLE audiences (
        id INTEGER PRIMARY KEY,
        brand_id INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        who TEXT NOT NULL DEFAULT '',
        needs TEXT NOT NULL DEFAULT '',
        where_they_are TEXT NOT NULL DEFAULT '',
        UNIQUE (brand_id, name)
    );
    CREATE TABLE competitors (
        id INTEGER PRIMARY KEY,
        brand_id INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        strengths TEXT NOT NULL DEFAULT '',
        weaknesses TEXT NOT NULL DEFAULT '',
        channels TEXT NOT NULL DEFAULT '',
        UNIQUE (brand_id, name)
    );
    """,
    # 3: a platform's ids are only unique on one account: comments and post links are unique
    # per brand. SQLite changes a UNIQUE constraint by rebuilding the table (migrate() runs
    # with foreign keys off, then checks them); ids are kept, so the FTS index, labels, the
    # log and replies still point at the same rows. Its indexes and triggers are made anew.
    """
    CREATE TABLE comments_v3 (
        id INTEGER PRIMARY KEY,
        brand_id INTEGER NOT NULL REFERENCES brands(id),
        platform TEXT NOT NULL,
        external_id TEXT NOT NULL,
        parent_external_id TEXT,
        post_ref TEXT,
        author TEXT NOT NULL DEFAULT '',
        author_id TEXT,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        permalink TEXT,
        likes INTEGER NOT NULL DEFAULT 0,
        reply_count INTEGER NOT NULL DEFAULT 0,
        language TEXT,
        compound REAL,
        pos REAL,
        neu REAL,
        neg REAL,
        band TEXT NOT NULL DEFAULT 'unscored'
            CHECK (band IN ('negative', 'neutral', 'positive', 'unscored')),
        is_question INTEGER NOT NULL DEFAULT 0,
        is_ours INTEGER NOT NULL DEFAULT 0,
        has_our_reply INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open', 'replied', 'resolved', 'ignored', 'spam')),
        snoozed_until TEXT,
        assignee TEXT,
        flagged INTEGER NOT NULL DEFAULT 0,
        tier INTEGER NOT NULL DEFAULT 2,
        urgent_at INTEGER NOT NULL,
        source_file TEXT,
        post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
        UNIQUE (brand_id, platform, external_id)
    );
    INSERT INTO comments_v3 (id, brand_id, platform, external_id, parent_external_id, post_ref,
        author, author_id, text, created_at, imported_at, permalink, likes, reply_count, language,
        compound, pos, neu, neg, band, is_question, is_ours, has_our_reply, status, snoozed_until,
        assignee, flagged, tier, urgent_at, source_file, post_id)
    SELECT id, brand_id, platform, external_id, parent_external_id, post_ref,
        author, author_id, text, created_at, imported_at, permalink, likes, reply_count, language,
        compound, pos, neu, neg, band, is_question, is_ours, has_our_reply, status, snoozed_until,
        assignee, flagged, tier, urgent_at, source_file, post_id
    FROM comments;
    DROP TABLE comments;
    ALTER TABLE comments_v3 RENAME TO comments;
    CREATE INDEX comments_queue ON comments (status, tier, urgent_at);
    CREATE INDEX comments_brand_queue ON comments (brand_id, status, tier, urgent_at);
    CREATE INDEX comments_thread ON comments (brand_id, platform, parent_external_id);
    CREATE INDEX comments_created ON comments (created_at);
    CREATE INDEX comments_language ON comments (language);
    CREATE INDEX comments_open_counts ON comments (status, band, urgent_at, snoozed_until);
    CREATE INDEX comments_by_post ON comments (post_id);
    CREATE TRIGGER comments_fts_ad AFTER DELETE ON comments BEGIN
        INSERT INTO comments_fts (comments_fts, rowid, text, author)
        VALUES ('delete', old.id, old.text, old.author);
    END;
    CREATE TRIGGER comments_fts_au AFTER UPDATE OF text, author ON comments BEGIN
        INSERT INTO comments_fts (comments_fts, rowid, text, author)
        VALUES ('delete', old.id, old.text, old.author);
        INSERT INTO comments_fts (rowid, text, author) VALUES (new.id, new.text, new.author);
    END;

    CREATE TABLE post_links_v3 (
        id INTEGER PRIMARY KEY,
        post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        platform TEXT NOT NULL DEFAULT '',
        external_id TEXT,
        url TEXT,
        brand_id INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,  -- the post's brand
        UNIQUE (brand_id, platform, external_id)
    );
    INSERT INTO post_links_v3 (id, post_id, platform, external_id, url, brand_id)
    SELECT pl.id, pl.post_id, pl.platform, pl.external_id, pl.url, p.brand_id
    FROM post_links pl JOIN posts p ON p.id = pl.post_id;
    DROP TABLE post_links;
    ALTER TABLE post_links_v3 RENAME TO post_links;
    CREATE INDEX post_links_by_url ON post_links (brand_id, url);
    """,
    # 4: named column mappings for `import --preset` (issue 16).
    """
    CREATE TABLE presets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        mapping TEXT NOT NULL,  -- JSON: [[field, header], ...] as parse_mapping gives them
        created_at TEXT NOT NULL
    );
    """,
    # 5: connected accounts, the outbox, moderation on the platforms (issue 15). The
    # accounts' tokens are never here: `secret_ref` names them in the credentials file.
    """
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        brand_id INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        platform TEXT NOT NULL
            CHECK (platform IN ('telegram', 'youtube', 'facebook', 'instagram')),
        name TEXT NOT NULL UNIQUE,
        api_base TEXT,                         -- NULL: the platform's own server
        options TEXT NOT NULL DEFAULT '{}',    -- JSON: chat, channel, page id...
        secret_ref TEXT NOT NULL UNIQUE,
        cursor TEXT NOT NULL DEFAULT '{}',     -- JSON: where the next pull starts
        quota TEXT NOT NULL DEFAULT '{}',      -- JSON: units spent per day (YouTube)
        created_at TEXT NOT NULL,
        last_sync_at TEXT,                     -- the last time every call of a sync succeeded
        last_error TEXT
    );
    ALTER TABLE comments ADD COLUMN account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL;
    -- manual: recorded only (no account can post it); queued -> sending -> sent | failed;
    -- unsure: the call went out and no answer came back, and the platform cannot be asked.
    ALTER TABLE replies ADD COLUMN state TEXT NOT NULL DEFAULT 'manual'
        CHECK (state IN ('manual', 'queued', 'sending', 'sent', 'failed', 'unsure'));
    ALTER TABLE replies ADD COLUMN account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL;
    ALTER TABLE replies ADD COLUMN sent_at TEXT;
    ALTER TABLE replies ADD COLUMN remote_id TEXT;
    ALTER TABLE replies ADD COLUMN error TEXT;
    ALTER TABLE replies ADD COLUMN tried_at TEXT;
    CREATE INDEX replies_outbox ON replies (state) WHERE state != 'manual';
    CREATE TABLE moderation (                  -- hiding on the platform, asked by the user
        id INTEGER PRIMARY KEY,
        comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
        account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        action TEXT NOT NULL CHECK (action IN ('hide', 'unhide', 'delete')),
        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        done_at TEXT,
        error TEXT
    );
    CREATE INDEX moderation_queued ON moderation (state) WHERE state = 'queued';
    """,
    # 6: for the tools people open the file with (issue 21). sqlite-utils and Datasette find
    # a table's FTS index by `content="comments"` in its SQL (double quotes), so the index is
    # made anew with that spelling and rebuilt from the comments (same tokenizer, same rowids;
    # the triggers name it and stay). Three read-only views name what the ids point at.
    # comments.urgent_at is the one time kept as epoch seconds (INTEGER): the queue's indexes
    # sort on it; open_queue shows it as UTC text beside it.
    """
    DROP TABLE comments_fts;
    CREATE VIRTUAL TABLE comments_fts USING fts5 (
        text, author, content="comments", content_rowid="id",
        tokenize="unicode61 remove_diacritics 2"
    );
    INSERT INTO comments_fts (comments_fts) VALUES ('rebuild');

    CREATE VIEW open_queue AS   -- open comments not snoozed, most urgent first
    SELECT c.id, b.slug AS brand, b.name AS brand_name, c.platform, c.author, c.text,
        c.band, c.is_question, c.tier, c.urgent_at,
        strftime('%Y-%m-%dT%H:%M:%S+00:00', c.urgent_at, 'unixepoch') AS urgent_at_utc,
        c.created_at, c.assignee, c.flagged, c.language, c.permalink
    FROM comments c JOIN brands b ON b.id = c.brand_id
    WHERE c.status = 'open'
        AND (c.snoozed_until IS NULL
            OR c.snoozed_until <= strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
    ORDER BY c.tier, c.urgent_at, c.id;

    CREATE VIEW replies_with_comments AS   -- our replies beside what they answer
    SELECT r.id, b.slug AS brand, c.platform, r.state, r.text AS reply, r.actor, r.at,
        r.sent_at, r.comment_id, c.author AS comment_author, c.text AS comment,
        c.created_at AS comment_created_at, c.permalink
    FROM replies r JOIN comments c ON c.id = r.comment_id JOIN brands b ON b.id = c.brand_id;

    CREATE VIEW posts_named AS   -- posts with their brand, goal and channel by name
    SELECT p.id, b.slug AS brand, p.title, p.scheduled_at, p.tz, p.status, p.kind,
        g.slug AS goal, g.name AS goal_name, ch.name AS channel, ch.platform, p.campaign,
        p.link, p.rrule, p.series_id, p.body
    FROM posts p JOIN brands b ON b.id = p.brand_id JOIN goals g ON g.id = p.goal_id
        JOIN channels ch ON ch.id = p.channel_id;

    -- The calendar feed (export ics --feed): an event's SEQUENCE is raised by every change
    -- of its post, and a deleted post stays in the feed as STATUS:CANCELLED, so programs
    -- subscribed to the file replace or drop it. Triggers, so every writer keeps them.
    ALTER TABLE posts ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
    CREATE TRIGGER posts_sequence AFTER UPDATE ON posts WHEN new.sequence = old.sequence BEGIN
        UPDATE posts SET sequence = old.sequence + 1 WHERE id = new.id;
    END;
    CREATE TABLE deleted_posts (
        id INTEGER PRIMARY KEY,                -- the deleted post's id (its event's UID)
        brand_id INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        scheduled_at TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        deleted_at TEXT NOT NULL
    );
    CREATE TRIGGER posts_deleted AFTER DELETE ON posts BEGIN
        INSERT OR REPLACE INTO deleted_posts
        VALUES (old.id, old.brand_id, old.title, old.scheduled_at, old.sequence + 1,
            strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'));
    END;
    -- A new post may get a deleted one's id (SQLite reuses the largest): its UID goes on
    -- with a higher SEQUENCE than the cancellation.
    CREATE TRIGGER posts_reborn AFTER INSERT ON posts
    WHEN EXISTS (SELECT 1 FROM deleted_posts WHERE id = new.id) BEGIN
        UPDATE posts SET sequence = (SELECT sequence + 1 FROM deleted_posts WHERE id = new.id)
        WHERE id = new.id;
        DELETE FROM deleted_posts WHERE id = new.id;
    END;
    """,
    # 7: publishing (issue 20). A post's way out through an account, one row a post (an
    # occurrence of a series becomes a post of its own first): the intent is committed as
    # `publishing` before the call; then `published` (the platform's id, also a post link),
    # `failed` (refused, with the reason), or `unsure` (the call went out, no answer came back,
    # and the platform cannot be asked: Telegram). `planned_at`: the post's time when it went.
    """
    CREATE TABLE publications (
        id INTEGER PRIMARY KEY,
        post_id INTEGER NOT NULL UNIQUE REFERENCES posts(id) ON DELETE CASCADE,
        account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        state TEXT NOT NULL CHECK (state IN ('publishing', 'published', 'failed', 'unsure')),
        planned_at TEXT NOT NULL,
        tried_at TEXT NOT NULL,
        published_at TEXT,
        remote_id TEXT,
        url TEXT,
        error TEXT
    );
    CREATE INDEX publications_by_account ON publications (account_id, state);
    """,
    # 8: a post's image (Instagram publishes a photo by its address): https, checked where the
    # post's other fields are (calendar.posts).
    """
    ALTER TABLE posts ADD COLUMN image_url TEXT;
    """,
    # 9: a saved reply's language (issue 19), ISO 639-1 as comments.language has it; NULL: any
    # language. The reply editor offers the comment's language first (inbox.replies.offer_order).
    """
    ALTER TABLE reply_templates ADD COLUMN language TEXT
        CHECK (language IS NULL OR language GLOB '[a-z][a-z]');
    """,
    # 10: a published post deleted on the platform afterwards, when a sync noticed it (Graph:
    # its id no longer reads). It stays published (it went out once, never again) and its
    # comments stay linked; the calendar says it is gone.
    """
    ALTER TABLE publications ADD COLUMN gone_at TEXT;
    """,
    # 11: a brief's TOML as its user last wrote it (`brief edit`, `brief import`), comments and
    # all, so the next edit opens their text (brand/brief_text); NULL: none written yet.
    """
    ALTER TABLE briefs ADD COLUMN toml TEXT;
    """,
    # 12: the spam detector (issue 17). A suspect ranks after every other open comment (tier 3,
    # inbox.priority); `spam_cleared`: the manager said "not spam", so it is never suspected
    # again; `text_key`: a hash of the normalized text, to find the same text from many
    # authors on an index. `spam_features`: each brand's naive Bayes counts, learnt from the
    # manager (in how many spam / not-spam comments a feature was seen; feature '' counts
    # the comments themselves).
    """
    ALTER TABLE comments ADD COLUMN spam_suspect INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE comments ADD COLUMN spam_cleared INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE comments ADD COLUMN text_key TEXT;
    CREATE INDEX comments_text_key ON comments (brand_id, text_key) WHERE text_key IS NOT NULL;
    CREATE TABLE spam_features (
        brand_id INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        feature TEXT NOT NULL,
        spam INTEGER NOT NULL DEFAULT 0 CHECK (spam >= 0),
        ham INTEGER NOT NULL DEFAULT 0 CHECK (ham >= 0),
        PRIMARY KEY (brand_id, feature)
    ) WITHOUT ROWID;
    """,
    # 13: moderation rules (issue 17), a brand's, in order: each condition and action as written
    # (JSON lists of the one grammar of inbox.rules). A rule's tier sticks (`pinned_tier`: every
    # writer of `tier` meets the trigger); the saved reply a rule suggests for the editor.
    """
    CREATE TABLE rules (
        id INTEGER PRIMARY KEY,
        brand_id INTEGER NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        conditions TEXT NOT NULL,              -- JSON list: ["keywords: refund, поверн*", ...]
        actions TEXT NOT NULL,                 -- JSON list: ["label: refund", "continue"]
        UNIQUE (brand_id, name)
    );
    ALTER TABLE comments ADD COLUMN pinned_tier INTEGER;
    ALTER TABLE comments ADD COLUMN suggested_template_id INTEGER
        REFERENCES reply_templates(id) ON DELETE SET NULL;
    CREATE TRIGGER comments_pinned_tier AFTER UPDATE OF tier ON comments
    WHEN new.pinned_tier IS NOT NULL AND new.tier IS NOT new.pinned_tier BEGIN
        UPDATE comments SET tier = new.pinned_tier WHERE id = new.id;
    END;
    """,
    # 14: a brand's open suspects on an index of their own: every triage key judges them
    # again (inbox.spam.rescore_suspects), and without it that read scanned every open comment
    # of the brand (~7 ms at 10k, growing with the inbox).
    """
    CREATE INDEX comments_open_suspects ON comments (brand_id)
        WHERE status = 'open' AND spam_suspect = 1;
    """,
    # 15: the calendar reads every series whose first occurrence is before a period's end, for
    # every period shown (issue 18): an index of the few repeating posts, not a scan of all.
    """
    CREATE INDEX posts_series ON posts (scheduled_at) WHERE rrule IS NOT NULL;
    """,
    # 16: the inbox's header counts (open / negative / overdue) and the default view's count
    # run after every triage key (issue 18): an index holding every column they read, so they
    # scan it alone (1M comments: 2.4 s -> 0.3 s; a brand's in-view count 1.8 s -> 0.07 s).
    # `status` leads so the planner prefers it to comments_queue without ANALYZE.
    """
    CREATE INDEX comments_header_counts ON comments
        (status, brand_id, snoozed_until, band, spam_suspect, is_question, created_at);
    """,
    # 17: a sync's pulled pages, held until the pipeline runs once on them all (issue 18). Each
    # page is written with the account's cursor before the next call, which may confirm it to
    # the platform (Telegram's getUpdates); the rows go with the import that stores them, and a
    # sync that died leaves them for the next one.
    """
    CREATE TABLE sync_pages (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        page TEXT NOT NULL                     -- JSON: the page's records and edits
    );
    CREATE INDEX sync_pages_account ON sync_pages (account_id);
    """,
]

LATEST_VERSION = len(MIGRATIONS)
