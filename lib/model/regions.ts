import type { RegionCode } from "./enums";

/** County names by code (DOMAIN.md); proper nouns, the same in every language except riket. */
export const REGION_NAMES: Record<RegionCode, string> = {
  "00": "Riket",
  "01": "Stockholm",
  "03": "Uppsala",
  "04": "Södermanland",
  "05": "Östergötland",
  "06": "Jönköping",
  "07": "Kronoberg",
  "08": "Kalmar",
  "09": "Gotland",
  "10": "Blekinge",
  "12": "Skåne",
  "13": "Halland",
  "14": "Västra Götaland",
  "17": "Värmland",
  "18": "Örebro",
  "19": "Västmanland",
  "20": "Dalarna",
  "21": "Gävleborg",
  "22": "Västernorrland",
  "23": "Jämtland Härjedalen",
  "24": "Västerbotten",
  "25": "Norrbotten",
};
