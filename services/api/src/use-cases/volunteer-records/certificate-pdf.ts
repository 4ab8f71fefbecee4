import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { VolunteerCertificate } from '@sasaeai/contracts';

/**
 * Noto Sans JP from the npm package (no fetch at run time). pdfkit embeds only the glyphs a
 * certificate uses (a subset), so the PDF stays a few tens of kilobytes.
 */
const fontPath = createRequire(import.meta.url).resolve(
  '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
);

const japaneseDate = (isoDate: string) => {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${day}日`;
};

/** The lines of the certificate, shared by the PDF and (as data) the printed page. */
export function certificateLines(certificate: VolunteerCertificate): [string, string][] {
  const { totals } = certificate;
  const lines: [string, string][] = [
    [
      '活動期間',
      `${japaneseDate(certificate.periodFrom)} 〜 ${japaneseDate(certificate.periodTo)}`,
    ],
    ['活動回数', `${totals.activities} 回`],
    ['活動時間', `${totals.hours} 時間`],
  ];
  if (certificate.kind === 'group') {
    lines.push(['延べ活動時間', `${totals.personHours} 時間（${certificate.headcount} 名）`]);
  }
  return lines;
}

/** An A4 PDF of the certificate, Japanese text embedded (a Noto Sans JP subset). */
export function renderCertificatePdf(certificate: VolunteerCertificate): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 72,
    lang: 'ja',
    info: { Title: `活動証明書 ${certificate.number}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('jp', fontPath);
  doc.font('jp');
  doc.fontSize(10).text(`証明書番号 ${certificate.number}`, { align: 'right' });
  doc.moveDown(2);
  doc.fontSize(26).text('活動証明書', { align: 'center', characterSpacing: 8 });
  doc.moveDown(2);
  doc.fontSize(16).text(`${certificate.name} 様`);
  doc.moveDown(1.5);
  doc
    .fontSize(12)
    .text(`下記のとおり、${certificate.fiscalYear.ja}にボランティア活動を行ったことを証明します。`);
  doc.moveDown(1.5);
  doc.text('記', { align: 'center' });
  doc.moveDown();
  for (const [label, value] of certificateLines(certificate)) {
    const y = doc.y;
    doc.text(label, 110, y, { width: 120 });
    doc.text(value, 230, y, { width: 300 });
    doc.moveDown(0.6);
  }
  doc.moveDown(3);
  doc.text(`発行日 ${japaneseDate(certificate.issuedOn)}`, 72, doc.y, { align: 'right' });
  doc.moveDown();
  const centre = certificate.centre?.name ?? `${certificate.district}地区 ボランティアセンター`;
  doc.fontSize(14).text(centre, { align: 'right' });
  if (certificate.centre?.phone) {
    doc.fontSize(12).text(`電話 ${certificate.centre.phone}`, { align: 'right' });
  }
  doc.end();
  return done;
}
