// SPDX-License-Identifier: MIT
// The voicemail conversations against a channel that plays in simulated time, with a real
// mailbox store (SQLite and WAV files in a temp folder) and real spoken prompts.
#include <gtest/gtest.h>

#include <deque>
#include <filesystem>

#include "base/clock.h"
#include "base/random.h"
#include "storage/database.h"
#include "telephony/voicemail/deposit_session.h"
#include "telephony/voicemail/retrieval_session.h"

namespace sb::voicemail {
namespace {

// Plays in simulated time: a clip lasts its length in ticks; what the caller says and presses
// is queued by the test and handed over one tick's worth at a time.
class FakeChannel final : public VoiceChannel {
 public:
  void play(Clip clip) override {
    played.push_back(clip);
    remainingMs = static_cast<int>(clip->size() / 8);
  }
  bool playing() const override { return remainingMs > 0; }
  void take(std::vector<std::int16_t>& audio, std::string& keys) override {
    remainingMs = std::max(0, remainingMs - VoiceSession::kTickMs);
    const std::size_t n = std::min<std::size_t>(speech.size(), 160);
    audio.insert(audio.end(), speech.begin(), speech.begin() + static_cast<std::ptrdiff_t>(n));
    speech.erase(speech.begin(), speech.begin() + static_cast<std::ptrdiff_t>(n));
    keys += pressed;
    pressed.clear();
  }
  void say(std::size_t samples, std::int16_t value = 1000) { speech.insert(speech.end(), samples, value); }

  std::vector<Clip> played;
  int remainingMs = 0;
  std::deque<std::int16_t> speech;
  std::string pressed;
};

class VoiceSessionTest : public ::testing::Test {
 protected:
  VoiceSessionTest() {
    dir = std::filesystem::temp_directory_path() / ("sb-vm-" + random::token(10));
    std::filesystem::create_directories(dir);
    db = std::move(storage::Database::openInDirectory(dir).value());
    repository = std::make_unique<storage::VoicemailRepository>(*db);
    store = std::make_unique<MailboxStore>(*repository, dir / "voicemail", clock);
    store->setChangeListener([this](const std::string& mailbox) { changes.push_back(mailbox); });
  }
  ~VoiceSessionTest() override {
    store.reset();
    repository.reset();
    db.reset();
    std::filesystem::remove_all(dir);
  }

  // Ticks until the session hangs up (true) or `maxTicks` pass.
  bool runUntilHangUp(VoiceSession& session, FakeChannel& channel, int maxTicks) {
    for (int i = 0; i < maxTicks; ++i) {
      if (session.tick(channel) == VoiceSession::Next::HangUp) return true;
    }
    return false;
  }
  // Ticks until the greeting (and its tone) has played.
  void passGreeting(VoiceSession& session, FakeChannel& channel) {
    for (int i = 0; i < 2000 && channel.playing(); ++i) session.tick(channel);
    session.tick(channel);
  }

  std::filesystem::path dir;
  ManualClock clock;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::VoicemailRepository> repository;
  std::unique_ptr<MailboxStore> store;
  VoicePrompts prompts;
  std::vector<std::string> changes;
};

DepositSession::Message forMailbox(std::string mailbox) { return {std::move(mailbox), "100", "Front Desk", false}; }

TEST_F(VoiceSessionTest, records_after_the_tone_until_pound_then_says_goodbye_and_hangs_up) {
  DepositSession session(*store, prompts, forMailbox("101"), std::chrono::seconds(180), std::chrono::seconds(1));
  FakeChannel channel;
  session.start(channel);
  ASSERT_EQ(channel.played.size(), 1u);
  EXPECT_GT(channel.played[0]->size(), 8000u * 3) << "a spoken greeting and the tone";
  channel.say(4000, 555);  // said during the greeting: not recorded
  passGreeting(session, channel);
  channel.speech.clear();
  channel.say(8000 * 2, 1234);
  for (int i = 0; i < 100; ++i) session.tick(channel);  // two seconds of speech
  channel.pressed = "#";
  EXPECT_TRUE(runUntilHangUp(session, channel, 1000));
  EXPECT_EQ(channel.played.size(), 2u) << "the goodbye";
  const auto messages = store->messages("101");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].caller, "100");
  EXPECT_EQ(messages[0].callerName, "Front Desk");
  EXPECT_EQ(messages[0].durationMs, 2000);
  EXPECT_EQ(messages[0].receivedAtMs, 1'800'000'000'000);
  const auto audio = store->audio(messages[0]);
  ASSERT_TRUE(audio);
  EXPECT_EQ(audio->size(), 16000u);
  EXPECT_EQ((*audio)[100], 1234);
  EXPECT_EQ(changes, std::vector<std::string>{"101"});
}

TEST_F(VoiceSessionTest, a_caller_hanging_up_keeps_what_it_said_unless_it_is_too_short) {
  {
    DepositSession session(*store, prompts, forMailbox("101"), std::chrono::seconds(180), std::chrono::seconds(1));
    FakeChannel channel;
    session.start(channel);
    passGreeting(session, channel);
    channel.say(1200);
    session.tick(channel);
    session.ended(channel);  // the last words still waiting in the channel are kept too
    EXPECT_TRUE(store->messages("101").empty()) << "0.15 s is a hang-up at the tone";
  }
  DepositSession session(*store, prompts, forMailbox("101"), std::chrono::seconds(180), std::chrono::seconds(1));
  FakeChannel channel;
  session.start(channel);
  passGreeting(session, channel);
  channel.say(8000 * 3);
  for (int i = 0; i < 149; ++i) session.tick(channel);
  session.ended(channel);  // takes the last 20 ms still in the channel
  const auto messages = store->messages("101");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].durationMs, 3000);
}

TEST_F(VoiceSessionTest, stops_at_the_longest_message) {
  DepositSession session(*store, prompts, forMailbox("101"), std::chrono::seconds(2), std::chrono::seconds(1));
  FakeChannel channel;
  session.start(channel);
  passGreeting(session, channel);
  channel.say(8000 * 5);
  EXPECT_TRUE(runUntilHangUp(session, channel, 2000));
  ASSERT_EQ(store->messages("101").size(), 1u);
  EXPECT_EQ(store->messages("101")[0].durationMs, 2000);
}

TEST_F(VoiceSessionTest, a_full_mailbox_says_so_and_records_nothing) {
  DepositSession session(*store, prompts, forMailbox("101"), std::chrono::seconds(180), std::chrono::seconds(1), true);
  FakeChannel channel;
  session.start(channel);
  channel.say(8000 * 5);
  EXPECT_TRUE(runUntilHangUp(session, channel, 1000));
  session.ended(channel);
  EXPECT_EQ(channel.played.size(), 1u) << "\"the mailbox is full\", no tone";
  EXPECT_TRUE(store->messages("101").empty());
}

TEST_F(VoiceSessionTest, an_unusable_mailbox_name_never_becomes_a_path) {
  const std::vector<std::int16_t> pcm(8000);
  const auto deposited = store->deposit("../etc", "100", "", pcm);
  EXPECT_FALSE(deposited.ok());
  EXPECT_FALSE(deposited.error().empty());
  EXPECT_FALSE(std::filesystem::exists(dir / "etc"));
}

void leave(MailboxStore& store, const std::string& mailbox, std::int16_t value) {
  const std::vector<std::int16_t> pcm(8000, value);
  const auto deposited = store.deposit(mailbox, "100", "", pcm);
  ASSERT_TRUE(deposited.ok()) << deposited.error();
}

TEST_F(VoiceSessionTest, listening_plays_each_message_marks_it_heard_and_7_deletes_it) {
  leave(*store, "101", 111);
  clock.advance(std::chrono::seconds(5));
  leave(*store, "101", 222);
  changes.clear();
  RetrievalSession session(*store, prompts, "101");
  FakeChannel channel;
  session.start(channel);
  ASSERT_EQ(channel.played.size(), 1u) << "the count";
  for (int i = 0; i < 1000 && channel.played.size() < 2; ++i) session.tick(channel);
  ASSERT_EQ(channel.played.size(), 2u) << "the first message";
  // The first message's audio ends the clip (after its spoken header).
  EXPECT_EQ(channel.played[1]->back(), 111);
  EXPECT_EQ(store->counts("101"), (storage::VoicemailCounts{1, 1}));
  channel.pressed = "7";  // delete it while it plays
  session.tick(channel);
  ASSERT_EQ(channel.played.size(), 3u) << "\"deleted\", then the second message";
  EXPECT_EQ(channel.played[2]->back(), 222);
  const auto left = store->messages("101");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].durationMs, 1000);
  EXPECT_TRUE(left[0].heard);
  channel.pressed = "1";  // again
  session.tick(channel);
  EXPECT_EQ(channel.played.back()->back(), 222);
  channel.pressed = "#";  // keep, no more messages, goodbye
  EXPECT_TRUE(runUntilHangUp(session, channel, 2000));
  EXPECT_EQ(store->counts("101"), (storage::VoicemailCounts{0, 1}));
  EXPECT_EQ(changes, (std::vector<std::string>{"101", "101", "101"})) << "heard, deleted, heard";
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "voicemail" / "101"),
                          std::filesystem::directory_iterator{}),
            1);
}

TEST_F(VoiceSessionTest, listening_after_the_menu_goes_on_by_itself_and_an_empty_mailbox_says_so) {
  leave(*store, "101", 111);
  RetrievalSession session(*store, prompts, "101");
  FakeChannel channel;
  session.start(channel);
  EXPECT_TRUE(runUntilHangUp(session, channel, 5000)) << "count, message, menu, wait, goodbye";
  EXPECT_EQ(channel.played.size(), 4u);
  EXPECT_EQ(store->counts("101"), (storage::VoicemailCounts{0, 1}));

  RetrievalSession empty(*store, prompts, "102");
  FakeChannel other;
  empty.start(other);
  EXPECT_TRUE(runUntilHangUp(empty, other, 1000));
  EXPECT_EQ(other.played.size(), 1u);
}

}  // namespace
}  // namespace sb::voicemail
