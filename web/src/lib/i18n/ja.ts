/**
 * Japanese is the source dictionary: its keys define `MessageKey`, and `en.ts` must provide
 * exactly the same keys (a missing or extra key fails typecheck).
 * Wording aims at やさしい日本語: short sentences, everyday words, the hard word in brackets.
 */
export const ja = {
  'site.name': 'ささえあい',
  'site.tagline': '旭川市 地区ボランティアセンター',
  'site.description':
    '旭川市の 地区ボランティアセンターの しくみです。手伝ってほしい人と 手伝いたい人を つなぎます。',
  'skip.main': '本文へ移動',
  'nav.label': 'メインメニュー',
  'nav.home': 'ホーム',
  'nav.login': 'ログイン',
  'nav.signup': '新しく登録する',
  'nav.password': 'パスワードの変更',
  'nav.logout': 'ログアウト',
  'nav.signedInAs': '{name}さんが ログインしています',
  'lang.label': '言語を えらぶ：',
  soon: '準備中',
  demo: '見本',

  'phone.title': '電話でも受け付けています',
  'phone.titleShort': '電話でも受け付けています：',
  'phone.body':
    'スマートフォンや パソコンが なくても だいじょうぶです。お住まいの 地区の ボランティアセンターに 電話してください。',
  'phone.number': '電話番号：',
  'phone.demoNote': '（見本の番号です。本物の番号ではありません）',
  'phone.hours': '受付：月曜日から金曜日 午前9時から午後5時まで（見本）',
  'footer.about': '「ささえあい」は「みんなの旭川ささえあいプラン2024」にもとづく しくみです。',
  'footer.label': 'サイトの情報',

  'home.title': 'ホーム',
  'home.welcome.title': '「ささえあい」へ ようこそ',
  'home.welcome.lead':
    'こまったときは 手伝ってもらう。できるときは 手伝う。旭川の 地域で ささえあうための しくみです。',
  'home.ask.title': '手伝ってほしいとき',
  'home.ask.body':
    '雪かき（除雪）、草取り（除草）、ゴミ出し、買い物、話し相手などを たのめます。地区の ボランティアが 手伝います。',
  'home.offer.title': '手伝いたいとき',
  'home.offer.body':
    '近所の人の こまりごとを 手伝えます。ひとりでも、町内会・会社・学校の グループでも 登録できます。',
  'home.start.title': 'はじめる',
  'home.start.body': '登録は 無料です。登録した人は ログインしてください。',
  'home.start.login': 'ログインする',
  'home.start.signup': '新しく登録する（無料）',

  'home.hello': '{name}さん、こんにちは',
  'home.yourRoles': 'あなたの 登録：',
  'home.resident.title': '手伝いを たのむ',
  'home.resident.body': '雪かき・草取り・ゴミ出しなどを たのめます。',
  'home.resident.soon':
    'インターネットで たのむ画面は 準備中です。いまは 電話で たのんでください。',
  'home.volunteer.title': 'お手伝いの 依頼',
  'home.volunteer.body': 'あなたに 合う 依頼が 来たら、ここに 出ます。',
  'home.volunteer.soon': '依頼の一覧の画面は 準備中です。',
  'home.coordinator.title': '担当している 地区',
  'home.coordinator.body': 'あなたは 次の地区の コーディネーターです。',
  'home.coordinator.none': '担当の地区は まだ ありません。',
  'home.coordinator.allDistricts': 'すべての地区',
  'home.council.title': '計画の 進みぐあい（ダッシュボード）',
  'home.council.soon': 'センターの数や ボランティアの 登録数を 見る画面は 準備中です。',
  'home.admin.title': '利用者の 管理',
  'home.admin.soon': '利用者と 役割を 管理する画面は 準備中です。',
  'home.becomeVolunteer.title': 'あなたにも できることが あります',
  'home.becomeVolunteer.body':
    '手伝ってもらう人も、できることで 地域を ささえられます。たとえば 話し相手や、近所の ゴミ出しなどです。',
  'home.becomeVolunteer.button': '手伝う人としても 登録する',
  'home.becomeResident.title': '手伝ってほしいときは',
  'home.becomeResident.body': '手伝う人も、こまったときは 手伝いを たのめます。',
  'home.becomeResident.button': '手伝ってほしい人としても 登録する',
  'home.roleAdded': '登録しました。',

  'role.resident': '手伝ってほしい人',
  'role.volunteer': '手伝う人（ボランティア）',
  'role.coordinator': 'コーディネーター',
  'role.council': '市・市社協の 職員',
  'role.admin': '管理者',

  'form.errorTitle': '入力した内容を 確認してください',
  'form.errorPrefix': 'エラー：',
  'form.required': '（必須）',
  'form.titleErrorPrefix': 'エラー：',

  'login.title': 'ログイン',
  'login.lead': '登録した メールアドレスと パスワードを 入れてください。',
  'login.email': 'メールアドレス',
  'login.password': 'パスワード',
  'login.submit': 'ログインする',
  'login.noAccount': 'はじめての方は',
  'login.invalid': 'メールアドレスか パスワードが ちがいます。もう一度 入れてください。',
  'login.rateLimited':
    '何回も まちがえたため、しばらく ログインできません。{minutes}分ほど 待ってから、もう一度 ためしてください。',
  'login.rateLimitedNoTime':
    '何回も まちがえたため、しばらく ログインできません。少し 待ってから、もう一度 ためしてください。',

  'signup.title': '新しく登録する',
  'signup.lead': '登録は 無料です。あとから 変えることも できます。',
  'signup.displayName': 'お名前（ほかの人に 見える名前）',
  'signup.displayNameHint': 'ニックネームでも かまいません。',
  'signup.email': 'メールアドレス',
  'signup.emailHint': 'ログインに 使います。ほかの人には 見えません。',
  'signup.password': 'パスワード',
  'signup.passwordHint': '10文字以上に してください。長いほど 安全です。',
  'signup.roles': 'ささえあいで したいこと',
  'signup.rolesHint': 'どちらか 一つ以上 えらんでください。両方でも よいです。',
  'signup.roleResident': '手伝ってほしい（雪かき・草取り・ゴミ出しなどを たのみたい）',
  'signup.roleVolunteer': '手伝いたい（ボランティアを したい）',
  'signup.submit': '登録する',
  'signup.haveAccount': '登録している方は',

  'password.title': 'パスワードの変更',
  'password.lead':
    '今の パスワードと 新しい パスワードを 入れてください。変えると、ほかの 機械（スマートフォンなど）からは ログアウトします。',
  'password.current': '今の パスワード',
  'password.new': '新しい パスワード',
  'password.newHint': '10文字以上に してください。',
  'password.submit': '変更する',
  'password.done': 'パスワードを 変更しました。',
  'password.wrongCurrent': '今の パスワードが ちがいます。',

  'validation.required': '{field}を 入れてください。',
  'validation.email': 'メールアドレスの 形が ちがいます。（例：sasae@example.jp）',
  'validation.passwordLength': 'パスワードは 10文字以上に してください。',
  'validation.roles': 'どちらか 一つ以上 えらんでください。',
  'validation.tooLong': '{field}が 長すぎます。',

  'error.generic': 'うまく いきませんでした。少し 待ってから、もう一度 ためしてください。',
  'error.unavailable':
    'いま つながりにくく なっています。少し 待ってから、もう一度 ためしてください。お急ぎの方は 電話してください。',
  'error.title': 'エラー',
  'error.withStatus': 'エラー（{status}）',
  'error.notFound': 'ページが 見つかりません。',
  'error.backHome': 'ホームへ もどる',
  'error.sessionExpired': 'ログインの 時間が 切れました。もう一度 ログインしてください。',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof ja;
export type Messages = Record<MessageKey, string>;
