# Content for the pdf/ fixture: Calder Ridge Academies Trust
TRUST = "Calder Ridge Academies Trust"
TITLE = "Staff Code of Conduct: Online Behaviour and Social Media"
META = [
    ("Document owner", "Director of Safeguarding"),
    ("Approved by", "Board of Trustees, 9 July 2025"),
    ("Applies to", "All academies in the Trust and the central team"),
    ("Review date", "July 2027"),
]
BLOCKS = [
("h1", "1. Purpose and status of this code"),
("p", "Calder Ridge Academies Trust is made up of four secondary academies and a sixth-form centre. This code sets out the standards of online behaviour that the Trust expects from everyone who works in or for its academies. It forms part of the Staff Code of Conduct and is a contractual expectation for employees. A breach of the code may be dealt with under the Trust's Disciplinary Policy and, in serious cases, may amount to gross misconduct."),
("p", "The code is not intended to stop staff from using the internet or social media in their own lives. Its purpose is to protect students from harm, to protect staff from situations that could lead to misunderstanding or allegations, and to protect the reputation of the Trust and its academies. Where the code does not cover a particular situation, staff are expected to use their professional judgement, to take the most cautious course of action, and to seek advice from their Headteacher or Designated Safeguarding Lead."),

("h1", "2. Scope and definitions"),
("h2", "2.1 Who the code applies to"),
("p", "This code applies to all employees of the Trust, including teachers, support staff, central team staff and leaders. It also applies to agency and supply staff, trainee teachers, apprentices, coaches and tutors engaged by an academy, trustees, local governors and volunteers. Each academy will make sure that temporary and visiting staff are given a summary of the code before they start work."),
("h2", "2.2 Definitions"),
("p", "In this code the following terms have these meanings:"),
("bullet", "'Student' means any young person on the roll of a Trust academy, including students in the sixth-form centre who are aged 18 or over."),
("bullet", "'Former student' means a young person who has left a Trust academy, whether on completing their studies or by moving to another school or college."),
("bullet", "'Social media' means any website, app or platform that allows users to share content or to communicate with one another, including messaging apps, gaming platforms and dating apps."),
("bullet", "'Trust systems' means the email, Microsoft Teams, learning platform, parent communication app and telephone systems provided by the Trust."),
("bullet", "'DSL' means the Designated Safeguarding Lead in each academy, or a trained deputy in their absence."),

("h1", "3. Principles of professional conduct online"),
("p", "Staff hold a position of trust and authority in relation to students, and this position does not disappear when they are at home or using a personal device. The same professional boundaries apply online as in the classroom. Staff should ask themselves whether they would be comfortable if a post, message or photograph were seen by their Headteacher, by a student's parent or by a journalist. If the answer is no, it should not be posted."),
("p", "The Trust expects every member of staff to:"),
("bullet", "behave online in a way that is consistent with the Teachers' Standards or the standards of their role;"),
("bullet", "keep a clear separation between their personal online life and their professional relationships with students;"),
("bullet", "avoid any online activity that could be interpreted as grooming, favouritism or an attempt to form a personal relationship with a student;"),
("bullet", "report any concern about a student's safety or another adult's behaviour without delay;"),
("bullet", "respect the privacy and dignity of colleagues, students and families."),

("h1", "4. Communication with students"),
("h2", "4.1 Approved channels"),
("p", "All communication with students must take place through Trust systems and must relate to their education or welfare. Staff must not contact students by text message, by personal email, through personal social media accounts or through any messaging app on a personal phone. This applies outside term time as well as during it, and it applies even where the student has initiated the contact."),
("p", "Messages to students should be written in a professional tone, should be sent during the working day where possible, and should normally be copied to a colleague or sent to a group rather than to one student alone. Staff should not use Teams chat or the learning platform to hold one-to-one conversations with students that are not about schoolwork, except where the DSL has agreed this as part of a support plan."),
("p", "Where a trip, residential or sports fixture requires staff to be contactable by students, the academy will provide a Trust mobile phone. Staff who are asked to use a personal phone in an unforeseen emergency should delete any student numbers afterwards and inform the trip leader and the DSL."),
("h2", "4.2 Friend requests, follows and messages from students"),
("p", "Staff must not accept friend requests, follow requests or message requests from students on any personal account, and must not send such requests to students. If a student attempts to connect with a member of staff, the request should be declined, the member of staff should not reply, and the attempt should be reported to the DSL so that it can be recorded and, if necessary, raised with the student and their parents."),
("p", "Staff should not follow student-run accounts, including accounts that share memes or gossip about an academy, from a personal account. If staff become aware of such an account and it contains content that is harmful or targets individuals, they should report it to the DSL rather than engaging with it."),
("h2", "4.3 Former students"),
("p", "Staff must not be connected on social media with former students who are under 18, whatever the reason for the connection. Where a former student is 18 or over, staff are strongly advised not to connect with them for at least two years after they have left the Trust, and must declare any such connection to the DSL. Staff should be especially cautious about former students who were vulnerable or with whom they had a pastoral role."),
("p", "Professional networking sites such as LinkedIn are treated differently. Staff may accept a connection on a professional networking site from a former student aged 18 or over, provided that all contact remains professional in nature, for example providing a reference or advice about careers."),
("h2", "4.4 Online gaming and shared online spaces"),
("p", "Many staff and students enjoy online gaming. Staff must not knowingly play online games with students, add students as friends on gaming platforms, or join voice chats, servers or lobbies that are used by students. Staff who stream or publish gaming content should do so under a name that students are unlikely to recognise and must not respond to students who find them. If a member of staff realises that they are playing against or alongside a student, they should leave the game and inform the DSL."),
("h2", "4.5 Students aged 18 and over"),
("p", "Students in the sixth-form centre who are aged 18 are still students and the rules in this section apply to them in full. It is a criminal offence under the Sexual Offences Act 2003 for a person in a position of trust to engage in sexual activity with a student under 18, and the Trust regards any romantic or sexual relationship between staff and students of any age as gross misconduct."),

("h1", "5. Personal use of social media"),
("h2", "5.1 Content you post"),
("p", "Staff are personally responsible for everything they post, share, like or comment on. Staff must not post content that is discriminatory, sexually explicit, abusive or threatening, that promotes illegal activity, or that could be regarded as extremist. Staff should take care with photographs from nights out, holidays and parties, and should remember that friends may tag them in images without asking."),
("p", "Staff may say on their personal profiles that they work for the Trust or one of its academies. Where they do so, they should add a statement that the views they express are their own. Staff must not use the Trust or academy logos on personal accounts or create accounts that could be mistaken for official ones."),
("h2", "5.2 Commenting on the Trust, colleagues and students"),
("p", "Staff must not post comments about students or their families, even without naming them, and must not share any information about an academy that is confidential, including exam results before publication, staffing changes, safeguarding matters and inspection outcomes. Staff must not post material that criticises, mocks or undermines the Trust, its academies, its leaders or colleagues. This includes comments made in closed groups and on anonymous accounts."),
("p", "Staff with a genuine concern about the running of an academy or the Trust should use the Grievance Policy, the Whistleblowing Policy or their trade union. Raising a concern properly through these routes is protected and will never be treated as a breach of this code."),
("p", "Membership of a professional or subject community online, for example a subject teachers' group or an education discussion forum, is encouraged. Staff may share general teaching ideas and resources, but must not share anything that could identify a student, a colleague or an academy incident."),
("h2", "5.3 Dating apps and personal relationships"),
("p", "Staff who use dating apps must set their profile so that it is not shown to users under 18 where the app allows this, and must not include images that show them at work or in Trust clothing. If a member of staff is matched with or contacted by someone they know to be a student, they must not respond and must report it to the DSL immediately. If they are matched with a former student or with the parent of a current student, they should seek advice from the Headteacher before continuing any contact."),
("h2", "5.4 Privacy and security"),
("p", "Staff are strongly advised to set their personal accounts to private, to check regularly what can be seen by the public, and to turn off settings that allow others to find them by phone number or email address. Staff should not use their Trust email address to sign up to personal social media, shopping or subscription services. Passwords for Trust systems must not be shared with anyone and must be different from passwords used for personal accounts."),

("h1", "6. Devices, images and data"),
("h2", "6.1 Personal devices"),
("p", "Staff may carry a personal mobile phone during the working day but should not use it in front of students except in an emergency or where the Headteacher has approved its use for a specific purpose, such as two-factor authentication to log in to Trust systems. Staff must not use personal devices to store student data, and Trust email may only be accessed on a personal phone through the approved app with a passcode set."),
("h2", "6.2 Images and video of students"),
("p", "Photographs and video of students may only be taken on Trust-owned devices, and only for a legitimate educational or promotional purpose where consent is in place. Images must not be taken or stored on personal phones, personal cameras or personal cloud storage under any circumstances. Images must be stored on the academy network and deleted from portable devices as soon as they have been transferred."),
("p", "Staff who are also parents of a student at a Trust academy may take photographs of their own child at public events in the same way as other parents, but must not post images in which other students can be identified."),
("h2", "6.3 Artificial intelligence tools"),
("p", "The Trust provides an approved AI assistant through its Microsoft licence, which keeps data within the Trust's own systems. Staff may use this tool for planning, drafting and administrative tasks. Staff must not enter student names, photographs, assessment data, information about special educational needs or any safeguarding information into any other AI tool, including free public chatbots. Work produced with the help of AI remains the responsibility of the member of staff and must be checked for accuracy before it is used."),
("p", "Staff must never use AI tools to generate images, video or audio that depict a real student or colleague, or to alter an existing image of a real person. Any instance of a student using AI to create sexual or humiliating images of another person must be treated as a safeguarding concern and reported to the DSL."),

("h1", "7. Trust and academy social media accounts"),
("p", "Each academy may have official accounts on platforms approved by the Trust's Communications Manager. New official accounts, including accounts for departments, sports teams and clubs, may only be created with the written approval of the Headteacher and the Communications Manager. The following rules apply to all official accounts:"),
("bullet", "each account must be registered to a Trust email address and must have at least two named administrators, one of whom is a senior leader;"),
("bullet", "login details must be recorded with the academy's IT team and changed when an administrator leaves;"),
("bullet", "students may only be shown where consent is recorded, and must not be identified by their full name;"),
("bullet", "direct messaging from students must be switched off, or, where a platform does not allow this, messages must not be answered;"),
("bullet", "staff must not use an official account to reply to complaints or criticism, which should be referred to the academy's Complaints Policy."),
("p", "Personal accounts must never be used to run or promote academy activities, for example a personal Instagram account for a sports team or a WhatsApp group for a school trip that includes students."),

("h1", "8. Safeguarding: reporting and responding"),
("h2", "8.1 Concerns about a student"),
("p", "Any member of staff who has a concern that a student may be at risk of harm because of something online must report it to the DSL on the same day, using the academy's safeguarding recording system. If a student is in immediate danger, staff should call the police on 999 and then inform the DSL. Staff must not investigate the matter themselves, contact the other people involved, or promise a student that they will keep what they have been told secret."),
("h2", "8.2 Nude and semi-nude images"),
("p", "If a member of staff becomes aware that a student has shared, received or been asked to send a nude or semi-nude image, they must refer the matter to the DSL immediately. Staff must not view, copy, print, forward, save or delete the image, and must not ask the student to show it to them. If a device containing such an image is handed to them, they should switch it off, keep it secure and pass it to the DSL. The DSL will follow national guidance on responding to incidents of this kind."),
("h2", "8.3 Concerns about an adult"),
("p", "Any concern that a member of staff, volunteer or contractor has behaved online in a way that may have harmed a child, or that suggests they may pose a risk to children, must be reported to the Headteacher without delay. Concerns about a Headteacher must be reported to the Chief Executive Officer, and concerns about the Chief Executive Officer to the Chair of Trustees. Concerns that do not meet this threshold, for example a member of staff being over-familiar with students online, should still be shared with the Headteacher as a low-level concern."),
("h2", "8.4 If you are targeted online"),
("p", "Staff who are abused, threatened or impersonated online, or who are the subject of false allegations, should not respond to the posts. They should take screenshots that include the date and the web address, report the content to the platform, and inform their Headteacher, who will offer support and take action where appropriate. The Trust's employee assistance programme is available to any member of staff who is affected."),

("h1", "9. Monitoring and breaches"),
("p", "The Trust monitors the use of its systems and devices in line with its Acceptable Use Policy and its data protection obligations. The Trust does not monitor staff's personal social media accounts, but will act on concerns that are brought to its attention. As part of safer recruitment, academies will carry out online searches on shortlisted candidates and will inform candidates that this will happen."),
("p", "A breach of this code will be investigated and, where appropriate, dealt with under the Disciplinary Policy. The Trust may require a member of staff to remove content from a personal account where that content breaches this code."),

("h1", "10. Related documents"),
("p", "This code should be read alongside the Trust's Child Protection and Safeguarding Policy, the Staff Code of Conduct, the Acceptable Use Policy, the Data Protection Policy, the Whistleblowing Policy and the Disciplinary Policy, and alongside the Department for Education's statutory guidance, Keeping Children Safe in Education."),
]

APPENDIX_TITLE = "Appendix A: Staff Acceptable Use Agreement"
APPENDIX_INTRO = "Every member of staff must read and sign this agreement on appointment and each September. The signed form is kept on the staff member's personnel file."
APPENDIX_STATEMENTS = [
    "I have read the Staff Code of Conduct: Online Behaviour and Social Media and I understand what is expected of me.",
    "I will only contact students through Trust systems and for professional purposes.",
    "I will not accept or send friend, follow or message requests to or from students on personal accounts.",
    "I will not take, store or share images of students on any personal device.",
    "I will not enter personal information about students into any AI tool other than the Trust's approved assistant.",
    "I will report any safeguarding concern, including concerns that arise online, to the DSL on the same day.",
    "I understand that my use of Trust systems and devices is monitored, and that a breach of this agreement may lead to disciplinary action.",
]
APPENDIX_FIELDS = ["Full name", "Job title", "Academy", "Signature", "Date"]
