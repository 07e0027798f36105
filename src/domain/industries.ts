/** Industries (bransch) a company chooses from, after the sections of Swedish SNI 2007, in plain words. */
export const industries = [
  ['jordbruk', 'Jord-, skogsbruk och fiske', 'Agriculture, forestry and fishing'],
  ['tillverkning', 'Tillverkning och industri', 'Manufacturing and industry'],
  ['energi-miljo', 'Energi, vatten och avfall', 'Energy, water and waste'],
  ['bygg', 'Bygg och anläggning', 'Construction'],
  ['handel', 'Handel', 'Retail and wholesale'],
  ['transport', 'Transport och logistik', 'Transport and logistics'],
  ['hotell-restaurang', 'Hotell, restaurang och besöksnäring', 'Hotels, restaurants and tourism'],
  ['it-kommunikation', 'IT och kommunikation', 'IT and communication'],
  ['finans-fastighet', 'Finans och fastigheter', 'Finance and real estate'],
  ['foretagstjanster', 'Företagstjänster och konsulter', 'Business services and consultancy'],
  ['utbildning-vard', 'Utbildning, vård och omsorg', 'Education, health and care'],
  ['kultur-fritid', 'Kultur, fritid och idrott', 'Culture, leisure and sport'],
  ['ovrigt', 'Annan bransch', 'Other industry'],
] as const;

export type IndustrySlug = (typeof industries)[number][0];
export const industrySlugs = industries.map(([slug]) => slug) as [IndustrySlug, ...IndustrySlug[]];
