// SPDX-License-Identifier: MIT
// Calls nobody takes, to an extension with a mailbox: Switchboard answers the caller itself and a
// real DepositSession (real MailboxStore over SQLite and WAV files) takes the message; *97 plays
// the caller's own mailbox.
#include "engine_harness.h"

namespace sb::call::testing {
namespace {

using sip::Method;

class CallEngineVoicemail : public EngineHarness {
 protected:
  CallEngineVoicemail() { mailboxes = {"101", "103"}; }

  FakePhone& alice = addPhone("100");
  FakePhone& bob = addPhone("101");

  // Runs simulated time until what playOnce() started has sounded.
  void untilPromptEnds() {
    const auto left = media.last().promptEnds - clock.steadyNow();
    advance(std::chrono::duration_cast<std::chrono::milliseconds>(left) + 60ms);
  }
};

TEST_F(CallEngineVoicemail, no_answer_goes_to_voicemail_which_records_the_message_until_pound) {
  const auto invite = alice.call("101");
  bob.ring(bob.last(Method::Invite));
  advance(30s);
  EXPECT_TRUE(bob.got(Method::Cancel));
  const auto ok = alice.finalTo(invite);
  ASSERT_EQ(ok.statusCode(), 200) << "Switchboard answers for the mailbox";
  EXPECT_EQ(summarize(ok.body()).port, media.last().callerRelay.port);
  alice.ack(invite);
  auto& log = media.last();
  EXPECT_TRUE(log.listening);
  ASSERT_EQ(log.prompts.size(), 1u) << "the greeting";
  EXPECT_EQ(log.prompts.front().first, Side::Caller);

  untilPromptEnds();
  log.callerAudio.insert(log.callerAudio.end(), 8000 * 2, 1234);  // two seconds of speech
  advance(2s);
  log.callerKeys = "#";
  advance(40ms);
  ASSERT_EQ(log.prompts.size(), 2u) << "the goodbye";
  EXPECT_FALSE(alice.got(Method::Bye));
  untilPromptEnds();
  EXPECT_TRUE(alice.got(Method::Bye)) << "voicemail hangs up after its goodbye";
  EXPECT_EQ(engine().size(), 0u);

  const auto messages = mailboxStore->messages("101");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].caller, "100");
  EXPECT_EQ(messages[0].callerName, "Front Desk");
  EXPECT_NEAR(messages[0].durationMs, 2000, 40);
}

TEST_F(CallEngineVoicemail, an_unregistered_extension_with_a_mailbox_goes_to_voicemail_at_once) {
  const auto invite = alice.call("103");
  EXPECT_EQ(alice.finalTo(invite).statusCode(), 200);
  EXPECT_TRUE(media.last().listening);
  EXPECT_EQ(media.last().prompts.size(), 1u);
}

TEST_F(CallEngineVoicemail, busy_and_do_not_disturb_go_to_voicemail_too) {
  const auto busy = alice.call("101");
  bob.respond(bob.last(Method::Invite), 486);
  EXPECT_EQ(alice.finalTo(busy).statusCode(), 200);
  EXPECT_TRUE(media.last().listening);
  alice.ack(busy);
  alice.bye(busy.callId());

  bob.ack(bob.call("*78"));
  const auto dnd = alice.call("101");
  EXPECT_EQ(bob.requests(Method::Invite).size(), 1u) << "a phone on DND is not rung";
  EXPECT_EQ(alice.finalTo(dnd).statusCode(), 200);
  EXPECT_TRUE(media.last().listening);
}

TEST_F(CallEngineVoicemail, an_answer_crossing_voicemails_cancel_is_acked_and_hung_up) {
  const auto invite = alice.call("101");
  const auto toBob = bob.last(Method::Invite);
  bob.ring(toBob);
  advance(30s);
  ASSERT_EQ(alice.finalTo(invite).statusCode(), 200);
  bob.answer(toBob);
  EXPECT_TRUE(bob.got(Method::Ack));
  EXPECT_TRUE(bob.got(Method::Bye));
  EXPECT_EQ(alice.sendsOf(invite, 200).front().path, Sent::Path::Transaction);
  EXPECT_EQ(alice.responsesTo(invite).size(), 2u) << "180 and one 200";
}

TEST_F(CallEngineVoicemail, star97_answers_and_plays_the_callers_own_mailbox) {
  const auto invite = bob.call("*97");
  const auto ok = bob.finalTo(invite);
  ASSERT_EQ(ok.statusCode(), 200);
  bob.ack(invite);
  EXPECT_TRUE(media.last().listening);
  ASSERT_FALSE(media.last().prompts.empty());
  EXPECT_EQ(media.last().prompts.front().first, Side::Caller);
  const auto bye = bob.bye(invite.callId());
  EXPECT_EQ(bob.finalTo(bye).statusCode(), 200);
  EXPECT_EQ(engine().size(), 0u);
}

TEST_F(CallEngineVoicemail, without_voicemail_an_unanswered_call_gets_480) {
  voicemailEnabled = false;
  const auto invite = alice.call("101");
  advance(30s);
  EXPECT_EQ(alice.finalTo(invite).statusCode(), 480);
}

TEST_F(CallEngineVoicemail, a_caller_hanging_up_while_recording_keeps_the_message) {
  const auto invite = alice.call("103");
  ASSERT_EQ(alice.finalTo(invite).statusCode(), 200);
  alice.ack(invite);
  untilPromptEnds();
  auto& log = media.last();
  log.callerAudio.insert(log.callerAudio.end(), 8000 * 3, 999);
  advance(3s);
  const auto bye = alice.bye(invite.callId());
  EXPECT_EQ(alice.finalTo(bye).statusCode(), 200);
  const auto messages = mailboxStore->messages("103");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NEAR(messages[0].durationMs, 3000, 40);
  EXPECT_EQ(engine().size(), 0u);
}

}  // namespace
}  // namespace sb::call::testing
